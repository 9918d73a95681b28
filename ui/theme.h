/* theme.h — colour elements and the built-in themes (default: the terminal's
 * own background; mono: attributes only, also under NO_COLOR/--no-color). One
 * element × theme table; the UI asks for an element's attribute. */
#ifndef TT_THEME_H
#define TT_THEME_H

enum theme_elem {
	EL_NORMAL, EL_HEADER, EL_CTX_OWN, EL_CTX_CUSTOMER, EL_RO, EL_TAB, EL_TAB_ACTIVE, EL_COLHEAD,
	EL_COLHEAD_SEL, EL_SELECTED, EL_FOOTER, EL_STATUS, EL_ERROR, EL_KEYHINT, EL_JSON_KEY, EL_JSON_STRING,
	EL_JSON_NUMBER, EL_MATCH, EL_DIM, EL_COUNT
};

/* Returns 0, or -1 for an unknown theme name (the default is used). */
int theme_init(const char *name, int no_color);
int theme_attr(enum theme_elem el);
const char *theme_names(void);

#endif
