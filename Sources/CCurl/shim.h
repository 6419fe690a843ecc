// Typed wrappers for the variadic libcurl calls that Swift cannot make directly.
#ifndef OSSIMPORT_CCURL_SHIM_H
#define OSSIMPORT_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode ccurl_easy_setopt_long(CURL *_Nonnull handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_off_t(CURL *_Nonnull handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_string(CURL *_Nonnull handle, CURLoption option, const char *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_pointer(CURL *_Nonnull handle, CURLoption option, void *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_slist(CURL *_Nonnull handle, CURLoption option, struct curl_slist *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*ccurl_data_callback)(char *_Nonnull buffer, size_t size, size_t nitems, void *_Nullable userdata);
static inline CURLcode ccurl_easy_setopt_data_callback(CURL *_Nonnull handle, CURLoption option, ccurl_data_callback _Nullable cb) {
    return curl_easy_setopt(handle, option, cb);
}
typedef int (*ccurl_seek_callback)(void *_Nullable userdata, curl_off_t offset, int origin);
static inline CURLcode ccurl_easy_setopt_seek_callback(CURL *_Nonnull handle, ccurl_seek_callback _Nullable cb) {
    return curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, cb);
}
typedef int (*ccurl_xferinfo_callback)(void *_Nullable userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *_Nonnull handle, ccurl_xferinfo_callback _Nullable cb) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, cb);
}
typedef int (*ccurl_sockopt_callback)(void *_Nullable clientp, curl_socket_t curlfd, curlsocktype purpose);
static inline CURLcode ccurl_easy_setopt_sockopt_callback(CURL *_Nonnull handle, ccurl_sockopt_callback _Nullable cb) {
    return curl_easy_setopt(handle, CURLOPT_SOCKOPTFUNCTION, cb);
}
static inline CURLcode ccurl_easy_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode ccurl_easy_getinfo_off_t(CURL *_Nonnull handle, CURLINFO info, curl_off_t *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode ccurl_easy_getinfo_pointer(CURL *_Nonnull handle, CURLINFO info, void *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLMcode ccurl_multi_setopt_long(CURLM *_Nonnull multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}
static inline CURLSHcode ccurl_share_setopt_long(CURLSH *_Nonnull share, CURLSHoption option, long value) {
    return curl_share_setopt(share, option, value);
}
static inline void *_Nullable ccurl_msg_easy_handle(CURLMsg *_Nonnull msg) { return msg->easy_handle; }
static inline CURLcode ccurl_msg_result(CURLMsg *_Nonnull msg) { return msg->data.result; }
static inline int ccurl_msg_is_done(CURLMsg *_Nonnull msg) { return msg->msg == CURLMSG_DONE; }

#endif
