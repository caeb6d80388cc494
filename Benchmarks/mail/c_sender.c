/* The C reference for the mail benchmark: libcurl, one easy handle and so one reused
 * connection, messages rendered beforehand (by `cohort-mail-bench --dump`, the same bytes Cohort
 * sends). Only the sending is timed; there is no queue, no record and no retry: it is the
 * ceiling a sender through libcurl into this sink can reach on this machine.
 *
 *   c_sender --url smtp://127.0.0.1:PORT --messages FILE
 * FILE holds, per message, a line "SENDER RECIPIENT LENGTH" and then LENGTH bytes.
 * Prints one JSON line of figures. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct message { char from[256], to[256]; char *data; size_t length, offset; };

static size_t read_chunk(char *buffer, size_t size, size_t count, void *user) {
    struct message *m = user;
    size_t room = size * count, left = m->length - m->offset, chunk = left < room ? left : room;
    memcpy(buffer, m->data + m->offset, chunk);
    m->offset += chunk;
    return chunk;
}

int main(int argc, char **argv) {
    const char *url = NULL, *path = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--url")) url = argv[i + 1];
        if (!strcmp(argv[i], "--messages")) path = argv[i + 1];
    }
    if (!url || !path) { fprintf(stderr, "usage: c_sender --url URL --messages FILE\n"); return 64; }
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); return 66; }
    size_t capacity = 1024, count = 0;
    struct message *messages = malloc(capacity * sizeof *messages);
    for (;;) {
        struct message m = {0};
        if (fscanf(file, "%255s %255s %zu\n", m.from, m.to, &m.length) != 3) break;
        m.data = malloc(m.length);
        if (fread(m.data, 1, m.length, file) != m.length) { fprintf(stderr, "short message\n"); return 65; }
        if (count == capacity) messages = realloc(messages, (capacity *= 2) * sizeof *messages);
        messages[count++] = m;
    }
    fclose(file);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *handle = curl_easy_init();
    struct timespec began, ended;
    clock_gettime(CLOCK_MONOTONIC, &began);
    size_t sent = 0;
    for (size_t i = 0; i < count; i++) {
        struct message *m = &messages[i];
        char from[260], to[260];
        snprintf(from, sizeof from, "<%s>", m->from);
        snprintf(to, sizeof to, "<%s>", m->to);
        struct curl_slist *recipients = curl_slist_append(NULL, to);
        curl_easy_setopt(handle, CURLOPT_URL, url);
        curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from);
        curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients);
        curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(handle, CURLOPT_READFUNCTION, read_chunk);
        curl_easy_setopt(handle, CURLOPT_READDATA, m);
        if (curl_easy_perform(handle) == CURLE_OK) sent++;
        curl_slist_free_all(recipients);
    }
    clock_gettime(CLOCK_MONOTONIC, &ended);
    curl_easy_cleanup(handle);
    curl_global_cleanup();
    double seconds = (ended.tv_sec - began.tv_sec) + (ended.tv_nsec - began.tv_nsec) / 1e9;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("{\"tool\":\"c-libcurl\",\"messages\":%zu,\"sent\":%zu,\"total_seconds\":%.3f,"
           "\"messages_per_second\":%.1f,\"peak_memory_mb\":%.1f}\n",
           count, sent, seconds, sent / seconds, usage.ru_maxrss / 1024.0);
    return sent == count ? 0 : 1;
}
