#define _GNU_SOURCE
#include "cepoll.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

const unsigned int cepoll_in = EPOLLIN;
const unsigned int cepoll_out = EPOLLOUT;
const unsigned int cepoll_err = EPOLLERR;
const unsigned int cepoll_hup = EPOLLHUP;
const unsigned int cepoll_exclusive = EPOLLEXCLUSIVE;

int cepoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static int control(int epfd, int op, int fd, unsigned int events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = (uint64_t)(uint32_t)fd;
    return epoll_ctl(epfd, op, fd, &event);
}

int cepoll_add(int epfd, int fd, unsigned int events) { return control(epfd, EPOLL_CTL_ADD, fd, events); }
int cepoll_modify(int epfd, int fd, unsigned int events) { return control(epfd, EPOLL_CTL_MOD, fd, events); }
int cepoll_remove(int epfd, int fd) { return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL); }

void *cepoll_events_allocate(int capacity) { return calloc((size_t)capacity, sizeof(struct epoll_event)); }
void cepoll_events_free(void *events) { free(events); }

int cepoll_wait(int epfd, void *events, int capacity, int timeout_ms) {
    return epoll_wait(epfd, (struct epoll_event *)events, capacity, timeout_ms);
}

int cepoll_event_fd(const void *events, int index) {
    return (int)(uint32_t)((const struct epoll_event *)events)[index].data.u64;
}

unsigned int cepoll_event_mask(const void *events, int index) {
    return ((const struct epoll_event *)events)[index].events;
}

int cepoll_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int cepoll_accept(int fd, void *address, unsigned int *length) {
    return accept4(fd, (struct sockaddr *)address, (socklen_t *)length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
