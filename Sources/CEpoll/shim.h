// Linux's epoll, eventfd and accept4, which Glibc's Swift module leaves out.
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// struct epoll_event is packed on x86_64 and not elsewhere; these keep its layout in C.
static inline int cepoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = (uint64_t)(uint32_t)fd;
    return epoll_ctl(epfd, op, fd, &event);
}

static inline struct epoll_event *cepoll_events_allocate(int capacity) {
    return (struct epoll_event *)calloc((size_t)capacity, sizeof(struct epoll_event));
}

static inline int cepoll_event_fd(const struct epoll_event *events, int index) {
    return (int)(uint32_t)events[index].data.u64;
}

static inline uint32_t cepoll_event_mask(const struct epoll_event *events, int index) {
    return events[index].events;
}

// accept4 is declared only under _GNU_SOURCE, which would make this module's view of the C
// headers differ from Glibc's; declaring the one function keeps them identical.
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

static inline int cepoll_accept4(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
