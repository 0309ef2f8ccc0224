/* growth_csv.h — `cifra growth --csv FILE …` / `--tsv`: grouped growth over
 * a large foreign CSV (or a Hadoop Streaming TSV), the face of bulk.h.
 * cmd_growth hands over to it whenever --csv or --tsv is among the
 * arguments; argv[0] is "growth". */
#ifndef CIFRA_GROWTH_CSV_H
#define CIFRA_GROWTH_CSV_H

int cmd_growth_csv(int argc, char **argv);

#endif
