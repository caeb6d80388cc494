// Swift cannot call C variadic functions, and curl_easy_setopt / curl_easy_getinfo are
// variadic. These static inline wrappers give each argument type its own entry point.
#ifndef COHORT_CCURL_SHIM_H
#define COHORT_CCURL_SHIM_H

#include <curl/curl.h>

static inline CURLcode cohort_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cohort_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cohort_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cohort_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*cohort_curl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

static inline CURLcode cohort_curl_easy_setopt_data_callback(CURL *handle, CURLoption option, cohort_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cohort_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef int (*cohort_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);

static inline CURLcode cohort_curl_easy_setopt_debug_callback(CURL *handle, cohort_curl_debug_callback value) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, value);
}

static inline CURLcode cohort_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode cohort_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

// CURLVERSION_NOW, CURL_GLOBAL_DEFAULT and CURLAUTH_BASIC are macros Swift does not import.
static const long cohort_curlauth_basic = (long)CURLAUTH_BASIC;

static inline curl_version_info_data *cohort_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

static inline CURLcode cohort_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

#endif
