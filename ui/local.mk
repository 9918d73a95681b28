## The curses dashboard (ui/): linked with src/main.c into ./thingtop.

thingtop_SOURCES += ui/ui.c ui/ui.h ui/keys.c ui/keys.h ui/theme.c ui/theme.h

# Colour themes: themes/NAME.conf, installed to $(pkgdatadir)/themes (see ui/theme.h).
themesdir = $(pkgdatadir)/themes
dist_themes_DATA = themes/default.conf themes/dark.conf themes/light.conf themes/solarized.conf themes/mono.conf
