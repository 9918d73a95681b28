## The curses dashboard (ui/): linked with src/main.c into ./thingtop.

# TT_UI_SOURCES: every module of the dashboard (see doc/architecture.md); the
# frame-time benchmark links the same list plus ui/bench.c (tests/bench/bench.mk).
TT_UI_SOURCES = ui/ui.c ui/ui.h ui/ui_int.h ui/request.c ui/request.h ui/frame.c ui/frame.h \
	ui/table.c ui/table.h ui/cell.c ui/cell.h ui/pane.c ui/pane.h ui/narrow.c ui/narrow.h ui/pager.c ui/pager.h \
	ui/prompt.c ui/prompt.h ui/command.c ui/command.h ui/clip.c ui/clip.h \
	ui/keys.c ui/keys.h ui/theme.c ui/theme.h
thingtop_SOURCES += $(TT_UI_SOURCES)

# Colour themes: themes/NAME.conf, installed to $(pkgdatadir)/themes (see ui/theme.h).
themesdir = $(pkgdatadir)/themes
dist_themes_DATA = themes/default.conf themes/dark.conf themes/light.conf themes/solarized.conf themes/mono.conf
