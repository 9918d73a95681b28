/* prompt.h — the bottom-line prompts and the action forms: filter,
 * command, context (with completion), time filter, action pick, one field per
 * prompt, and the confirmation screen that shows exactly what a write sends. */
#ifndef TT_UI_PROMPT_H
#define TT_UI_PROMPT_H

#include "ui_int.h"

void start_prompt(struct ui *u, enum prompt_kind k, const char *label, const char *init);
void act_action(struct ui *u);
void start_action(struct ui *u, const struct tt_action *a);
void prompt_key(struct ui *u, int ch);

#endif
