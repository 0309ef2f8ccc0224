/* cifra.h — the whole library: include this one header. */
#ifndef CIFRA_H
#define CIFRA_H

#include "cifra/analysis.h"
#include "cifra/bulk.h"
#include "cifra/checks.h"
#include "cifra/claims.h"
#include "cifra/csvio.h"
#include "cifra/dataset.h"
#include "cifra/error.h"
#include "cifra/extract.h"
#include "cifra/figure.h"
#include "cifra/gnuplot.h"
#include "cifra/growth.h"
#include "cifra/interval.h"
#include "cifra/outfile.h"
#include "cifra/output.h"
#include "cifra/period.h"
#include "cifra/plot.h"
#include "cifra/report.h"

#endif
