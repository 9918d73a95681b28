## The core library (libthingtop.a): everything the dashboard, --dump, the
## tests and the benchmarks share. No curses here.

libthingtop_a_SOURCES += src/config.c src/config.h src/provider.c src/provider.h \
	src/strbuf.c src/strbuf.h src/http.c src/http.h src/problem.c src/problem.h \
	src/api.c src/api.h src/jsonspan.c src/jsonspan.h src/jsonpath.c src/jsonpath.h \
	src/query.c src/query.h src/walk.c src/walk.h src/dump.c src/dump.h src/csv.c src/csv.h src/check.c src/check.h \
	src/session.c src/session.h src/session_int.h src/session_fan.c src/session_follow.c src/fanout.c src/fanout.h src/detail.c src/detail.h src/demo.c src/demo.h src/ident.c src/ident.h \
	src/datafile.c src/datafile.h src/snapshot.c src/snapshot.h src/listing.c src/listing.h \
	src/safefile.c src/safefile.h src/sparkline.c src/sparkline.h \
	src/samples.c src/samples.h \
	src/refcache.c src/refcache.h

providersdir = $(pkgdatadir)/providers
dist_providers_DATA = providers/kpn-things.conf providers/akenza.conf providers/partner-jwt.conf
