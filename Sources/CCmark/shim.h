// cmark-gfm (Debian's libcmark-gfm-dev): the CommonMark reference parser with GitHub's
// extensions (tables, strikethrough, autolinks). Announcement bodies are parsed with it.
#ifndef COHORT_CCMARK_SHIM_H
#define COHORT_CCMARK_SHIM_H

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#endif
