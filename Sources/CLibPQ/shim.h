#ifndef COHORT_CLIBPQ_SHIM_H
#define COHORT_CLIBPQ_SHIM_H
// Debian puts libpq's headers in /usr/include/postgresql (libpq-dev); `pkg-config --cflags libpq`
// says -I/usr/include/postgresql, which SwiftPM passes on. The fallback is for a build without it.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

// postgres_ext.h defines the PQresultErrorField codes as character literals ('C', 'M', ...),
// which Swift does not import as constants. The same values under names Swift can see:
static const int CLIBPQ_DIAG_SEVERITY_NONLOCALIZED = PG_DIAG_SEVERITY_NONLOCALIZED;
static const int CLIBPQ_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int CLIBPQ_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int CLIBPQ_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int CLIBPQ_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
static const int CLIBPQ_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;
#endif
