#ifndef STREAMSTACK_CCURL_H
#define STREAMSTACK_CCURL_H

#include <curl/curl.h>

// libcurl's setopt and getinfo are variadic, which Swift cannot call: one fixed-type
// function per kind of argument.

/// curl_global_init, once per process.
void ccurl_global_init(void);

CURLcode ccurl_set_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_set_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_set_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_set_off(CURL *handle, CURLoption option, curl_off_t value);

typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*ccurl_progress_callback)(
    void *context, curl_off_t download_total, curl_off_t downloaded, curl_off_t upload_total,
    curl_off_t uploaded);

CURLcode ccurl_set_write_callback(CURL *handle, ccurl_data_callback callback);
CURLcode ccurl_set_header_callback(CURL *handle, ccurl_data_callback callback);
CURLcode ccurl_set_progress_callback(CURL *handle, ccurl_progress_callback callback);

long ccurl_response_code(CURL *handle);

#endif
