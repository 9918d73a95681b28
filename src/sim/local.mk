## thingtop-sim: the loopback simulator of the KPN Things, akenza and partner
## JWT APIs. Built from src/sim only: it shares no code with the client.

thingtop_sim_SOURCES += src/sim/server.c src/sim/sim.h src/sim/guesses.h \
	src/sim/buf.c src/sim/buf.h src/sim/fleet.c src/sim/fleet.h src/sim/order.c \
	src/sim/kpn.c src/sim/akenza.c src/sim/partner.c
thingtop_sim_LDADD += $(CJSON_LIBS) $(GNUTLS_LIBS)
dist_man_MANS += man/thingtop-sim.1
EXTRA_DIST += src/sim/measure.sh
