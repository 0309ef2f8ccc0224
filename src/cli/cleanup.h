/* cleanup.h — what the command line removes when it is interrupted.
 *
 * The library keeps no global state, so it cannot know, inside a signal
 * handler, which temporaries exist.  It reports each temporary it creates
 * and each child process group it starts through a cf_cleanup
 * (outfile.h); this registry, owned by the command line, records them, and
 * its SIGINT/SIGTERM/SIGHUP/SIGPIPE handler kills the children, removes the
 * files (newest first) and the directories, then dies of the same signal (so
 * the shell sees exit 128+N).  A process-wide table is unavoidable here: a
 * signal handler has no other way in. */
#ifndef CIFRA_CLI_CLEANUP_H
#define CIFRA_CLI_CLEANUP_H

#include "cifra/outfile.h"

/* The registry, with the handlers installed on the first call. */
const cf_cleanup *cli_cleanup(void);

/* CIFRA_GNUPLOT_TIMEOUT in seconds (default 60).  Returns 0, or prints a
 * usage error and returns 64 when it is not a positive number. */
int cli_gnuplot_timeout(double *out);

#endif
