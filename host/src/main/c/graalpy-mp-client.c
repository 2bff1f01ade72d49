/*
 * graalpy-mp-client: the thin client of graalpy-mp's runtime server (dev.graalpymp.host.server.RuntimeServer).
 * It starts in about a millisecond, where a JVM takes seconds: it sends its command line, environment, working
 * directory and pid to the server over a Unix socket, then forwards stdin (only the bytes the program asks
 * for), stdout and stderr (binary, unbuffered), and the signals it receives, and exits as the program did
 * (killing itself with the signal that ended the program, as a CPython process dies by it).
 *
 * Usage: graalpy-mp-client SOCKET START-COMMAND [--server status|stop | ARG...]
 * START-COMMAND is run (with SOCKET as its argument) when no server answers; it must start one in the
 * background, holding the lock file SOCKET.lock for as long as the server lives, and return.
 * The frame format is described in host/src/main/java/dev/graalpymp/host/server/Frames.java.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const int FORWARDED[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
static int signal_pipe[2];
/* The signals this process started with ignored (bit N: signal N), which the program starts with ignored too. */
static unsigned long ignored_at_start;

static void die(const char *what) {
    fprintf(stderr, "graalpy-mp: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void write_all(int fd, const void *data, size_t len) {
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return; /* the reader of our stdout has gone: the program's output is dropped, as with EPIPE */
        }
        p += n;
        len -= (size_t) n;
    }
}

static int read_full(int fd, void *data, size_t len) {
    char *p = data;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

static void send_frame(int sock, char type, const void *data, uint32_t len) {
    unsigned char head[5] = {(unsigned char) type, len >> 24, len >> 16, len >> 8, len};
    struct iovec parts[2] = {{head, 5}, {(void *) data, len}};
    struct msghdr msg = {.msg_iov = parts, .msg_iovlen = len ? 2 : 1};
    size_t total = 5 + len;
    while (total > 0) {
        ssize_t n = sendmsg(sock, &msg, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            fprintf(stderr, "graalpy-mp: lost the runtime server: %s\n", strerror(errno));
            exit(1);
        }
        total -= (size_t) n;
        while (n > 0 && msg.msg_iovlen > 0) { /* skip what was sent */
            size_t step = (size_t) n < msg.msg_iov[0].iov_len ? (size_t) n : msg.msg_iov[0].iov_len;
            msg.msg_iov[0].iov_base = (char *) msg.msg_iov[0].iov_base + step;
            msg.msg_iov[0].iov_len -= step;
            n -= (ssize_t) step;
            if (msg.msg_iov[0].iov_len == 0) { msg.msg_iov++; msg.msg_iovlen--; }
        }
    }
}

static void send_text(int sock, char type, const char *text) {
    send_frame(sock, type, text, (uint32_t) strlen(text));
}

static void send_int(int sock, char type, int value) {
    unsigned char b[4] = {(unsigned) value >> 24, (unsigned) value >> 16, (unsigned) value >> 8, (unsigned) value};
    send_frame(sock, type, b, 4);
}

/* The socket's directory must be ours alone: another user must not be able to plant a server there. */
static void check_private_directory(const char *socket_path) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", socket_path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL) return;
    *slash = '\0';
    struct stat st;
    if (lstat(dir, &st) != 0) return; /* not made yet: the start command makes it */
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) != 0) {
        fprintf(stderr, "graalpy-mp: refusing the runtime server directory %s: it must be a directory of user %u "
                "with mode 0700 (set GRAALPY_MP_SERVER=0 to run without a server)\n", dir, (unsigned) getuid());
        exit(1);
    }
}

static int try_connect(const char *path) {
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "graalpy-mp: socket path too long: %s\n", path);
        exit(1);
    }
    strcpy(addr.sun_path, path);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) die("socket");
    if (connect(sock, (struct sockaddr *) &addr, sizeof addr) == 0) return sock;
    close(sock);
    return -1;
}

/* Whether a server holds SOCKET.lock (alive, or starting). */
static int server_alive(const char *socket_path) {
    char lock[PATH_MAX];
    snprintf(lock, sizeof lock, "%s.lock", socket_path);
    int fd = open(lock, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    int alive = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return alive;
}

static int start_and_connect(const char *socket_path, const char *start_command) {
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        execl(start_command, start_command, socket_path, (char *) NULL);
        fprintf(stderr, "graalpy-mp: cannot run %s: %s\n", start_command, strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) { }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) exit(1); /* it said why */
    for (int waited_ms = 0; waited_ms < 600000; waited_ms += 10) {
        int sock = try_connect(socket_path);
        if (sock >= 0) return sock;
        if (!server_alive(socket_path)) {
            fprintf(stderr, "graalpy-mp: the runtime server did not start; its log is %s.log "
                    "(GRAALPY_MP_SERVER=0 runs without a server)\n", socket_path);
            exit(1);
        }
        struct timespec ten_ms = {0, 10 * 1000 * 1000};
        nanosleep(&ten_ms, NULL);
    }
    fprintf(stderr, "graalpy-mp: the runtime server did not answer within 600 s\n");
    exit(1);
}

static void on_signal(int signum) {
    int saved = errno;
    unsigned char b = (unsigned char) signum;
    (void) !write(signal_pipe[1], &b, 1);
    errno = saved;
}

static void die_like(int status) {
    if (status >= 0) exit(status);
    int signum = -status;
    signal(signum, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signum);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(signum);
    exit(128 + signum); /* a signal whose default is not to end a process */
}

/* Sends the request; returns 1 if the server ended the connection before the program began (retry). */
static int serve(int sock, int argc, char **argv, int command, int *exit_status) {
    if (command) {
        send_text(sock, 'C', argv[1]);
    } else {
        for (int i = 0; i < argc; i++) send_text(sock, 'A', argv[i]);
        for (char **e = environ; *e != NULL; e++) send_text(sock, 'E', *e);
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd) == NULL) die("getcwd");
        send_text(sock, 'D', cwd);
        char process[160];
        snprintf(process, sizeof process, "%d %d %d %d %d %lu", (int) getpid(), (int) getppid(), isatty(0), isatty(1),
                 isatty(2), ignored_at_start);
        send_text(sock, 'P', process);
        send_frame(sock, 'R', NULL, 0);
    }
    int begun = command, stdin_wanted = 0;
    static char buffer[1 << 16];
    for (;;) {
        struct pollfd fds[3] = {{sock, POLLIN, 0}, {signal_pipe[0], POLLIN, 0}, {0, POLLIN, 0}};
        int n = poll(fds, stdin_wanted ? 3 : 2, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("poll");
        }
        if (fds[1].revents & POLLIN) {
            unsigned char signum;
            if (read(signal_pipe[0], &signum, 1) == 1) send_int(sock, 'S', signum);
        }
        if (stdin_wanted && (fds[2].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) {
            ssize_t got = read(0, buffer, (size_t) stdin_wanted < sizeof buffer ? (size_t) stdin_wanted : sizeof buffer);
            if (got < 0 && errno == EINTR) continue;
            send_frame(sock, '0', buffer, got > 0 ? (uint32_t) got : 0);
            stdin_wanted = 0;
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            unsigned char head[5];
            if (read_full(sock, head, 5) != 0) {
                if (!begun) return 1;
                fprintf(stderr, "graalpy-mp: the runtime server ended while running the program\n");
                *exit_status = 1;
                return 0;
            }
            uint32_t len = (uint32_t) head[1] << 24 | (uint32_t) head[2] << 16 | (uint32_t) head[3] << 8 | head[4];
            char *payload = len <= sizeof buffer ? buffer : malloc(len);
            if (payload == NULL || read_full(sock, payload, len) != 0) {
                fprintf(stderr, "graalpy-mp: the runtime server ended while running the program\n");
                *exit_status = 1;
                return 0;
            }
            int value = len >= 4 ? (int) ((uint32_t) (unsigned char) payload[0] << 24
                    | (uint32_t) (unsigned char) payload[1] << 16 | (uint32_t) (unsigned char) payload[2] << 8
                    | (unsigned char) payload[3]) : 0;
            switch (head[0]) {
                case 'B': begun = 1; break;
                case '1': case 'M': write_all(1, payload, len); break;
                case '2': write_all(2, payload, len); break;
                case 'I': stdin_wanted = value > 0 ? value : 1; break;
                case 'X': *exit_status = value; return 0;
                default: break;
            }
            if (payload != buffer) free(payload);
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: graalpy-mp-client SOCKET START-COMMAND [--server status|stop | ARG...]\n");
        return 2;
    }
    const char *socket_path = argv[1], *start_command = argv[2];
    argc -= 3;
    argv += 3;
    int command = argc == 2 && strcmp(argv[0], "--server") == 0;
    check_private_directory(socket_path);
    if (pipe2(signal_pipe, O_CLOEXEC) != 0) die("pipe");
    for (int signum = 1; signum <= 31; signum++) {
        struct sigaction old;
        if (sigaction(signum, NULL, &old) == 0 && old.sa_handler == SIG_IGN) ignored_at_start |= 1UL << signum;
    }
    struct sigaction action = {.sa_handler = on_signal}; /* no SA_RESTART: a blocked read returns to the loop */
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof FORWARDED / sizeof FORWARDED[0]; i++) sigaction(FORWARDED[i], &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    for (int attempt = 0; attempt < 3; attempt++) {
        int sock = try_connect(socket_path);
        if (sock < 0) {
            if (command) { /* nothing to stop or to report on */
                printf("graalpy-mp: no runtime server is running for this build (%s)\n", socket_path);
                return 0;
            }
            sock = start_and_connect(socket_path, start_command);
        }
        int status = 1;
        int retry = serve(sock, argc, argv, command, &status);
        close(sock);
        if (!retry) die_like(status);
    }
    fprintf(stderr, "graalpy-mp: the runtime server keeps ending before the program starts; see %s.log\n",
            socket_path);
    return 1;
}
