## --dump end-to-end and fault tests against thingtop-sim (issues 4 and 7).
