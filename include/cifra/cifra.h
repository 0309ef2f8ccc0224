/* cifra.h — the whole library: include this one header. */
#ifndef CIFRA_H
#define CIFRA_H

#include "cifra/analysis.h"
#include "cifra/bulk.h"
#include "cifra/check_mirror.h"
#include "cifra/checks.h"
#include "cifra/claims.h"
#include "cifra/comtrade.h"
#include "cifra/comtrade_codes.h"
#include "cifra/comtrade_value.h"
#include "cifra/comtrade_vintage.h"
#include "cifra/comtrade_write.h"
#include "cifra/csvio.h"
#include "cifra/dataset.h"
#include "cifra/dsv.h"
#include "cifra/error.h"
#include "cifra/evaluate.h"
#include "cifra/extract.h"
#include "cifra/figure.h"
#include "cifra/fmt.h"
#include "cifra/growth.h"
#include "cifra/interval.h"
#include "cifra/output.h"
#include "cifra/period.h"
#include "cifra/plot.h"
#include "cifra/report.h"
#include "cifra/results.h"
#include "cifra/value.h"

#endif
