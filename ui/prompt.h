/* prompt.h — the bottom-line prompts and the action forms. It owns what is
 * being typed (u->prompt, plabel, input, ilen, complete_i) and the action
 * under way (u->act, act_row, act_values, act_field): the pick of an action,
 * one prompt per field, and the confirm screen that shows exactly what a
 * write will send and to which context before anything is sent. While a
 * prompt is open every key comes here, not to the views. */
#ifndef TT_UI_PROMPT_H
#define TT_UI_PROMPT_H

#include "ui_int.h"

/* Open a prompt of kind k with label and the text already typed (init). */
void prompt_start(struct ui *u, enum prompt_kind k, const char *label, const char *init);
/* One key typed into the open prompt (Enter submits, Esc cancels). */
void prompt_key(struct ui *u, int ch);
/* Draw the open prompt on the bottom line, the cursor after the text. */
void prompt_draw(const struct ui *u);

/* a: pick one of the pane's actions by number or name. */
void prompt_action_pick(struct ui *u);
/* Start action a on the selected row: its fields, then the confirm screen
 * for a write (refused read-only). */
void prompt_action(struct ui *u, const struct tt_action *a);
/* The op thread answered (op): an action under way is over, and says so
 * when it succeeded. */
void prompt_action_done(struct ui *u, const struct session_op_result *op);
/* The op thread answered a lookup typed at / (u->lookup_text): one that
 * found nothing (404) goes back to the table and searches the text instead,
 * saying both; returns 1 then. 0: not a lookup, or it is shown as usual. */
int prompt_lookup_done(struct ui *u, const struct session_op_result *op);
/* c: the context prompt (Tab completes). */
void prompt_context(struct ui *u);

/* The update step: a followed write's new state goes on the status line. */
void prompt_follow_update(struct ui *u);

#endif
