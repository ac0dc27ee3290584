// Linux's epoll, eventfd and accept4 for the HTTP server, which Glibc's Swift module leaves out.
//
// This header includes no system header on purpose: if it did, the C declarations it pulled in
// (socket constants, stdlib) could end up owned by this module instead of Glibc's, depending on
// build order, and Swift files importing only Glibc would stop seeing them. Only plain C types
// cross this boundary; cepoll.c includes the real headers.
#ifndef CEPOLL_H
#define CEPOLL_H

extern const unsigned int cepoll_in;
extern const unsigned int cepoll_out;
extern const unsigned int cepoll_err;
extern const unsigned int cepoll_hup;
extern const unsigned int cepoll_exclusive;

/// epoll_create1(EPOLL_CLOEXEC).
int cepoll_create(void);
int cepoll_add(int epfd, int fd, unsigned int events);
int cepoll_modify(int epfd, int fd, unsigned int events);
int cepoll_remove(int epfd, int fd);

/// A buffer of `capacity` epoll events (their layout stays in C: packed on x86_64).
void *cepoll_events_allocate(int capacity);
void cepoll_events_free(void *events);
int cepoll_wait(int epfd, void *events, int capacity, int timeout_ms);
int cepoll_event_fd(const void *events, int index);
unsigned int cepoll_event_mask(const void *events, int index);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int cepoll_eventfd(void);

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC; `address` is a struct sockaddr_storage.
int cepoll_accept(int fd, void *address, unsigned int *length);

#endif
