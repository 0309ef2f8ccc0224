#!/usr/bin/env python3
"""Writes the UN Comtrade test fixtures of tests/test_comtrade.c and
tests/cli/import.test.sh in the real layouts (FORMAT_NOTES of the shared
reference): run from this directory.  The values are invented but shaped like
a real download; the tests compute what they expect from the numbers below,
by hand, not from cifra's output."""

API = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,"
       "reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,"
       "partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
       "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,"
       "aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,"
       "qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,"
       "altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,"
       "grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
       "legacyEstimationFlag,isReported,isAggregate").split(",")
assert len(API) == 47

# China's imports from the USA of HS 8542, 2010-2024 (US$)
TOTALS = {2010: 4871302566, 2011: 5213877412, 2012: 5902334105,
          2013: 6344091278, 2014: 6087215533, 2015: 6209871046,
          2016: 5788902317, 2017: 6541120998, 2018: 7412953804,
          2019: 6034481129, 2020: 7126590455, 2021: 9048873312,
          2022: 8230516677, 2023: 6871294420, 2024: 7512008861}
# partner2 breakdown of 2015-2017: shares that add up to the total
PARTNER2 = [(842, 0.61), (344, 0.17), (410, 0.09), (458, 0.08), (490, 0.05)]


def vintage(y):
    return "H3" if y <= 2011 else "H4" if y <= 2016 else "H5" if y <= 2021 else "H6"


def api_row(year, value, partner2=0, customs="C00", mot="0", flow="M",
            reporter=156, partner=842, cmd="8542", freq="A", month=52,
            reported=None):
    period = str(year) if freq == "A" else "%d%02d" % (year, month)
    if reported is None:
        reported = year != 2015
    r = dict.fromkeys(API, "")
    r.update(typeCode="C", freqCode=freq, refPeriodId="%d%02d01" % (
        year, 1 if freq == "A" else month), refYear=year, refMonth=month,
        period=period, reporterCode=reporter, flowCode=flow,
        partnerCode=partner, partner2Code=partner2,
        classificationCode=vintage(year), classificationSearchCode="HS",
        isOriginalClassification="True", cmdCode=cmd,
        aggrLevel=4 if cmd != "TOTAL" else 0,
        isLeaf="False", customsCode=customs, mosCode="0", motCode=mot,
        qtyUnitCode=-1, qty="0.0", isQtyEstimated="False",
        altQtyUnitCode=-1, altQty="0.0", isAltQtyEstimated="False",
        netWgt="0.0", isNetWgtEstimated="False", grossWgt="0.0",
        isGrossWgtEstimated="False",
        cifvalue="%d.0" % value if flow in ("M", "RM") else "",
        fobvalue="" if flow in ("M", "RM") else "%d.0" % value,
        primaryValue="%d.0" % value, legacyEstimationFlag=0,
        isReported=str(reported), isAggregate=str(not reported))
    return ",".join(str(r[c]) for c in API)


def write(name, header, rows):
    with open(name, "w", newline="") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(r + "\n")


rows = []
for y, v in TOTALS.items():
    # the real file writes motCode "0 " on some rows
    rows.append(api_row(y, v, mot="0 " if y in (2013, 2016, 2020) else "0"))
    if 2015 <= y <= 2017:
        parts = [int(v * s) for _, s in PARTNER2]
        parts[0] += v - sum(parts)
        for (p2, _), pv in zip(PARTNER2, parts):
            rows.append(api_row(y, pv, partner2=p2))
    if y == 2016:  # a mode-of-transport breakdown: air and sea
        rows.append(api_row(y, v - 1000000000, mot="1000"))
        rows.append(api_row(y, 1000000000, mot="2100"))
    if y == 2017:  # a customs-procedure breakdown
        rows.append(api_row(y, 123456789, customs="C01"))
write("api_chn_usa_hs8542.csv", ",".join(API), rows)

# monthly, several flows, the World as partner, a sub-flow to skip
rows = []
MONTHLY = {(2015, 1): 100000000, (2015, 2): 90000000, (2015, 3): 120000000,
           (2016, 1): 110000000, (2016, 2): 99000000, (2016, 3): 150000000}
for (y, m), v in MONTHLY.items():
    rows.append(api_row(y, v, flow="X", partner=76, cmd="TOTAL", freq="M",
                        month=m))
    rows.append(api_row(y, v * 3, flow="X", partner=0, cmd="TOTAL",
                        freq="M", month=m))
    rows.append(api_row(y, v // 10, flow="RX", partner=76, cmd="TOTAL",
                        freq="M", month=m))
    rows.append(api_row(y, v // 20, flow="RM", partner=76, cmd="TOTAL",
                        freq="M", month=m))
    rows.append(api_row(y, v // 5, flow="XIP", partner=76, cmd="TOTAL",
                        freq="M", month=m))
write("api_monthly_chn_bra.csv", ",".join(API), rows)

LEGACY = ("Classification,Year,Period,Period Desc.,Aggregate Level,"
          "Is Leaf Code,Trade Flow Code,Trade Flow,Reporter Code,Reporter,"
          "Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,"
          "Commodity,Qty Unit Code,Qty Unit,Qty,Netweight (kg),"
          "Trade Value (US$),Flag")
assert len(LEGACY.split(",")) == 22
rows = [
    "HS,2012,2012,2012,0,0,1,Import,76,Brazil,BRA,156,China,CHN,TOTAL,All Commodities,1,No Quantity,,,34248723110,0",
    "HS,2012,2012,2012,0,0,2,Export,76,Brazil,BRA,156,China,CHN,TOTAL,All Commodities,1,No Quantity,,,41227540253,0",
    "HS,2012,2012,2012,0,0,3,Re-Export,76,Brazil,BRA,156,China,CHN,TOTAL,All Commodities,1,No Quantity,,,1250000,0",
    "HS,2012,2012,2012,0,0,4,Re-Import,76,Brazil,BRA,156,China,CHN,TOTAL,All Commodities,1,No Quantity,,,730000,0",
    "HS,2013,2013,2013,0,0,1,Import,76,Brazil,BRA,156,China,CHN,TOTAL,All Commodities,1,No Quantity,,,37302656720,4",
    "HS,2013,2013,2013,0,0,2,Export,76,Brazil,BRA,0,World,WLD,TOTAL,All Commodities,1,No Quantity,,,242033574720,0",
]
write("legacy22_bra.csv", LEGACY, rows)

LEGACY35 = (LEGACY.replace("Partner ISO,", "Partner ISO,2nd Partner Code,"
                           "2nd Partner,2nd Partner ISO,Customs Proc. Code,"
                           "Customs,Mode of Transport Code,Mode of Transport,")
            .replace("Netweight (kg),", "Alt Qty Unit Code,Alt Qty Unit,"
                     "Alt Qty,Netweight (kg),Gross weight (kg),")
            .replace("Trade Value (US$),", "Trade Value (US$),"
                     "CIF Trade Value (US$),FOB Trade Value (US$),"))
assert len(LEGACY35.split(",")) == 35, len(LEGACY35.split(","))


def legacy35(flow, p2, customs, mot, value):
    return ("S3,2008,2008,2008,1,0,%d,Import,4,Afghanistan,AFG,0,World,WLD,"
            "%d,,,%s,,%s,,0,Food and live animals,1,No Quantity,,,,,,,"
            "%d,%d,,0" % (flow, p2, customs, mot, value, value))


rows = [legacy35(1, 0, "C00", "0", 309541080),
        legacy35(1, 364, "C00", "0", 1000),
        legacy35(1, 0, "C01", "0", 2000),
        legacy35(1, 0, "C00", "1000", 3000),
        legacy35(2, 0, "C00", "0", 21870454)]
write("legacy35_afg.csv", LEGACY35, rows)

# trimmed extracts as people pass them around: an index column, names,
# formatted values; one with ',' and quotes, one with ';'
TRIM = ",typeCode,cmdCode,freqCode,refYear,reporterDesc,partnerDesc,flowCode,primaryValueFormated"
T = [("Brazil", "M", 2022, "109,522,043,335.0"), ("Brazil", "X", 2022, "61,969,970,590.0"),
     ("Moçambique", "M", 2022, "1,341,817,433.0"), ("Portugal", "X", 2022, "5,712,004.5"),
     ("Brazil", "M", 2023, "122,490,613,944.0"), ("Brazil", "X", 2023, "59,105,409,511.0"),
     ("Moçambique", "M", 2023, "999.0"), ("Portugal", "X", 2023, "4,000,000,000.0")]
write("trimmed_comma.csv", TRIM, ['%d,C,TOTAL,A,%d,China,%s,%s,"%s"' % (i, y, p, f, v)
                                  for i, (p, f, y, v) in enumerate(T)])
write("trimmed_semicolon.csv", TRIM.replace(",", ";"),
      ['%d;C;TOTAL;A;%d;China;%s;%s;%s' % (i, y, p, f, v) for i, (p, f, y, v) in enumerate(T)])

# bad files: each breaks one rule; errors.test says where and how
good = api_row(2020, 7126590455)


def api_with(**changes):
    f = good.split(",")
    for k, v in changes.items():
        f[API.index(k)] = v
    return ",".join(f)


def col_of(line, field):
    """1-based column where field number `field` (0-based) starts."""
    return len(",".join(line.split(",")[:field])) + (1 if field == 0 else 2)


bad = {
    "bad_layout.csv": ("country,year,exports", ["China,2020,1"]),
    "bad_value.csv": (",".join(API), [good, api_with(refYear="2021", period="2021", primaryValue="n/a")]),
    "bad_reporter.csv": (",".join(API), [good, api_with(refYear="2021", period="2021", reporterCode="999")]),
    "bad_width.csv": (",".join(API), [good, ",".join(good.split(",")[:46])]),
    "bad_quote.csv": (",".join(API), [good, good.replace("C00", 'C"00', 1)]),
    "bad_flow.csv": (",".join(API), [api_with(flowCode="Q")]),
    "bad_period.csv": (",".join(API), [api_with(period="20155")]),
    "bad_twice.csv": (",".join(API), [good, api_with(primaryValue="7126590456.0")]),
    "bad_negative.csv": (",".join(API), [api_with(primaryValue="-5.0")]),
    "bad_partner_name.csv": (TRIM, ['0,C,TOTAL,A,2022,China,Atlantis,M,"1.0"']),
}
for name, (h, rs) in bad.items():
    write(name, h, rs)
for name, (h, rs) in bad.items():
    print(name, "lines", len(rs) + 1,
          "value col", col_of(rs[-1], API.index("primaryValue")) if h.startswith("typeCode") else "",
          "reporter col", col_of(rs[-1], API.index("reporterCode")) if h.startswith("typeCode") else "",
          "flow col", col_of(rs[-1], API.index("flowCode")) if h.startswith("typeCode") else "",
          "period col", col_of(rs[-1], API.index("period")) if h.startswith("typeCode") else "",
          "customs col", col_of(rs[-1], API.index("customsCode")) if h.startswith("typeCode") else "")
print("trimmed partner col", col_of('0,C,TOTAL,A,2022,China,Atlantis,M,"1.0"', 6))
print("width: last field col", col_of(good, 46))

# the same flows as R's comtradr writes them (snake_case names, no ISO or
# description columns) and as a tab-separated bulk file (API names)
SNAKE = ["ref_year", "freq_code", "period", "reporter_code", "flow_code",
         "partner_code", "partner2_code", "classification_code", "cmd_code",
         "customs_code", "mot_code", "primary_value", "is_reported"]
rows = []
for y in (2015, 2016):
    v = TOTALS[y]
    rows.append(",".join(str(x) for x in (y, "A", y, 156, "M", 842, 0, vintage(y), "8542", "C00", 0, "%d.0" % v, "TRUE")))
    rows.append(",".join(str(x) for x in (y, "A", y, 156, "M", 842, 344, vintage(y), "8542", "C00", 0, "%d.0" % (v // 2), "TRUE")))
write("comtradr_snake.csv", ",".join(SNAKE), rows)
write("bulk_tab.txt", "\t".join(API),
      [api_row(y, TOTALS[y]).replace(",", "\t") for y in (2023, 2024)] +
      [api_row(2024, 5, partner2=410).replace(",", "\t")])

# values as spreadsheets and pandas write them
write("api_value_forms.csv", ",".join(API),
      [api_with(refYear="2018", period="2018", primaryValue="1.2345E+10"),
       api_with(refYear="2019", period="2019", primaryValue="7.5e3"),
       api_with(refYear="2021", period="2021", primaryValue="\"7,126,590,455.5\"")])
write("bad_grouping.csv", TRIM, ['0,C,TOTAL,A,2022,China,Brazil,M,"12,34.0"'])
