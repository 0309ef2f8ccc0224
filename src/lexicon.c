#include "cifra/lexicon.h"

#include <string.h>

#include "cifra/textscan.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct scale_word {
	unsigned langs; /* bit per cf_lang; 7 = all */
	const char *w;
	cf_scale s;
	bool suffix; /* may be glued to the digits */
} scale_word;

#define EN  1u
#define ES  2u
#define PT  4u
#define ALL 7u

/* Longest first where one is a prefix of another ("mil millones"). */
static const scale_word scales[] = {
    {ES, "mil millones", CF_SCALE_BILLION, false},
    {PT, "mil milhões", CF_SCALE_BILLION, false},
    {EN, "thousand", CF_SCALE_THOUSAND, false},
    {EN, "million", CF_SCALE_MILLION, false},
    {EN, "millions", CF_SCALE_MILLION, false},
    {EN, "billion", CF_SCALE_BILLION, false},
    {EN, "billions", CF_SCALE_BILLION, false},
    {EN, "trillion", CF_SCALE_TRILLION, false},
    {ES | PT, "mil", CF_SCALE_THOUSAND, false},
    {ES, "millón", CF_SCALE_MILLION, false},
    {ES, "millones", CF_SCALE_MILLION, false},
    {ES, "millon", CF_SCALE_MILLION, false},
    {ES, "billón", CF_SCALE_TRILLION, false},
    {ES, "billones", CF_SCALE_TRILLION, false},
    {PT, "milhão", CF_SCALE_MILLION, false},
    {PT, "milhões", CF_SCALE_MILLION, false},
    {PT, "bilhão", CF_SCALE_BILLION, false},
    {PT, "bilhões", CF_SCALE_BILLION, false},
    {PT, "trilhão", CF_SCALE_TRILLION, false},
    {PT, "trilhões", CF_SCALE_TRILLION, false},
    {PT, "bi", CF_SCALE_BILLION, false},
    {PT, "mi", CF_SCALE_MILLION, false},
    {ALL, "bn", CF_SCALE_BILLION, true},
    {ALL, "mn", CF_SCALE_MILLION, true},
    {ALL, "tn", CF_SCALE_TRILLION, true},
    {ALL, "trn", CF_SCALE_TRILLION, true},
    {EN, "k", CF_SCALE_THOUSAND, true},
    {EN, "m", CF_SCALE_MILLION, true},
    {EN, "b", CF_SCALE_BILLION, true},
};

size_t cf_lex_scale(cf_lang lang, const char *p, const char *end, bool glued,
		    bool has_currency, cf_scale *scale)
{
	for (size_t i = 0; i < N(scales); i++) {
		const scale_word *s = &scales[i];
		if (!(s->langs & (1u << lang)) || (glued && !s->suffix))
			continue;
		/* one-letter suffixes: glued, and m/b only for money */
		bool letter = s->w[1] == '\0';
		if (letter && (!glued || (s->w[0] != 'k' && !has_currency)))
			continue;
		if (!glued && s->suffix && !has_currency &&
		    strcmp(s->w, "bn") && strcmp(s->w, "tn"))
			continue;
		size_t n = cf_ts_starts(p, end, s->w);
		if (n) {
			*scale = s->s;
			return n;
		}
	}
	return 0;
}

typedef struct money {
	const char *w;
	const char *code;
} money;

const char *cf_lex_currency_before(const char *text, const char *p,
				   char code[4])
{
	const char *q = cf_ts_skip_spaces_back(text, p);
	static const money signs[] = {
	    {"US$", "USD"}, {"U$S", "USD"}, {"R$", "BRL"},  {"MX$", "MXN"},
	    {"AR$", "ARS"}, {"€", "EUR"},   {"£", "GBP"},   {"\xc2\xa5", "CNY"},
	    {"RMB", "CNY"}, {"CNY", "CNY"}, {"USD", "USD"}, {"BRL", "BRL"},
	    {"EUR", "EUR"}, {"MXN", "MXN"}, {"ARS", "ARS"}, {"CLP", "CLP"},
	    {"COP", "COP"}, {"PEN", "PEN"}, {"$", "USD"}};
	for (size_t i = 0; i < N(signs); i++) {
		size_t n = strlen(signs[i].w);
		if ((size_t)(q - text) < n || memcmp(q - n, signs[i].w, n))
			continue;
		const char *s = q - n;
		/* letters must stand alone ("USD", not "ABCUSD") */
		if (s > text && ((s[-1] >= 'A' && s[-1] <= 'Z') ||
				 (s[-1] >= 'a' && s[-1] <= 'z')))
			continue;
		/* "US $5" */
		if (!strcmp(signs[i].w, "$")) {
			const char *t = cf_ts_skip_spaces_back(text, s);
			if (t - text >= 2 && !memcmp(t - 2, "US", 2) &&
			    (t - text == 2 ||
			     !cf_ts_letter_before(text, t - 2)))
				s = t - 2;
		}
		memcpy(code, signs[i].code, 4);
		return s;
	}
	return NULL;
}

size_t cf_lex_currency_after(const char *p, const char *end, const char *peso,
			     char code[4])
{
	static const money names[] = {
	    {"us dollars", "USD"}, {"dollars", "USD"}, {"dólares", "USD"},
	    {"dolares", "USD"},	   {"yuan", "CNY"},    {"yuanes", "CNY"},
	    {"renminbi", "CNY"},   {"reais", "BRL"},   {"reales", "BRL"},
	    {"real", "BRL"},	   {"euros", "EUR"},   {"soles", "PEN"},
	    {"pesos", NULL},
	};
	const char *q = cf_ts_skip_spaces(p, end);
	size_t de = cf_ts_starts(q, end, "de");
	const char *r = de ? cf_ts_skip_spaces(q + de, end) : q;
	for (size_t i = 0; i < N(names); i++) {
		size_t n = cf_ts_starts(r, end, names[i].w);
		if (!n)
			continue;
		const char *c = names[i].code ? names[i].code : peso;
		if (!c || !*c)
			return 0;
		memcpy(code, c, 4);
		return (size_t)(r + n - p);
	}
	return 0;
}

size_t cf_lex_percent(const char *p, const char *end)
{
	if (p < end && *p == '%')
		return 1;
	const char *q = cf_ts_skip_spaces(p, end);
	if (q < end && *q == '%')
		return (size_t)(q + 1 - p);
	static const char *const words[] = {
	    "percentage points",  "percentage point", "puntos porcentuales",
	    "pontos percentuais", "per cent",	      "percent",
	    "por ciento",	  "por cento",	      "pct"};
	for (size_t i = 0; i < N(words); i++) {
		size_t n = cf_ts_starts(q, end, words[i]);
		if (n)
			return (size_t)(q + n - p);
	}
	return 0;
}

typedef struct qual {
	const char *w;
	cf_qualifier q;
} qual;

const char *cf_lex_qualifier_before(const char *text, const char *p,
				    cf_qualifier *q)
{
	static const qual quals[] = {
	    {"more than", CF_QUAL_OVER},
	    {"just over", CF_QUAL_OVER},
	    {"in excess of", CF_QUAL_OVER},
	    {"upwards of", CF_QUAL_OVER},
	    {"over", CF_QUAL_OVER},
	    {"above", CF_QUAL_OVER},
	    {"exceeding", CF_QUAL_OVER},
	    {"at least", CF_QUAL_AT_LEAST},
	    {"nearly", CF_QUAL_ABOUT},
	    {"almost", CF_QUAL_ABOUT},
	    {"about", CF_QUAL_ABOUT},
	    {"around", CF_QUAL_ABOUT},
	    {"approximately", CF_QUAL_ABOUT},
	    {"roughly", CF_QUAL_ABOUT},
	    {"some", CF_QUAL_ABOUT},
	    {"close to", CF_QUAL_ABOUT},
	    {"an estimated", CF_QUAL_ABOUT},
	    {"less than", CF_QUAL_UNDER},
	    {"fewer than", CF_QUAL_UNDER},
	    {"under", CF_QUAL_UNDER},
	    {"below", CF_QUAL_UNDER},
	    {"up to", CF_QUAL_AT_MOST},
	    {"at most", CF_QUAL_AT_MOST},
	    {"más de", CF_QUAL_OVER},
	    {"poco más de", CF_QUAL_OVER},
	    {"superior a", CF_QUAL_OVER},
	    {"mais de", CF_QUAL_OVER},
	    {"acima de", CF_QUAL_OVER},
	    {"passa de", CF_QUAL_OVER},
	    {"al menos", CF_QUAL_AT_LEAST},
	    {"por lo menos", CF_QUAL_AT_LEAST},
	    {"pelo menos", CF_QUAL_AT_LEAST},
	    {"no mínimo", CF_QUAL_AT_LEAST},
	    {"casi", CF_QUAL_ABOUT},
	    {"cerca de", CF_QUAL_ABOUT},
	    {"alrededor de", CF_QUAL_ABOUT},
	    {"aproximadamente", CF_QUAL_ABOUT},
	    {"unos", CF_QUAL_ABOUT},
	    {"unas", CF_QUAL_ABOUT},
	    {"quase", CF_QUAL_ABOUT},
	    {"em torno de", CF_QUAL_ABOUT},
	    {"por volta de", CF_QUAL_ABOUT},
	    {"menos de", CF_QUAL_UNDER},
	    {"como máximo", CF_QUAL_AT_MOST},
	    {"no máximo", CF_QUAL_AT_MOST},
	};
	for (size_t i = 0; i < N(quals); i++) {
		const char *s = cf_ts_ends_before(text, p, quals[i].w);
		if (s) {
			*q = quals[i].q;
			return s;
		}
	}
	return NULL;
}

typedef struct classed {
	const char *w;
	cf_lex_class c;
} classed;

static const classed classes[] = {
    {"year on year", CF_LEX_YOY},
    {"year over year", CF_LEX_YOY},
    {"yoy", CF_LEX_YOY},
    {"interanual", CF_LEX_YOY},
    {"en relación al año anterior", CF_LEX_YOY},
    {"em relação ao ano anterior", CF_LEX_YOY},
    {"for the first time", CF_LEX_FIRST_TIME},
    {"por primera vez", CF_LEX_FIRST_TIME},
    {"pela primeira vez", CF_LEX_FIRST_TIME},
    {"historic high", CF_LEX_RECORD},
    {"all time high", CF_LEX_RECORD},
    {"record", CF_LEX_RECORD},
    {"récord", CF_LEX_RECORD},
    {"recorde", CF_LEX_RECORD},
    {"máximo histórico", CF_LEX_RECORD},
    {"share", CF_LEX_SHARE},
    {"of the total", CF_LEX_SHARE},
    {"del total", CF_LEX_SHARE},
    {"do total", CF_LEX_SHARE},
    {"multiplied", CF_LEX_MULTIPLY},
    {"multiplicó", CF_LEX_MULTIPLY},
    {"multiplicaron", CF_LEX_MULTIPLY},
    {"multiplicou", CF_LEX_MULTIPLY},
    {"multiplicaram", CF_LEX_MULTIPLY},
    {"exceeding", CF_LEX_THRESHOLD},
    {"exceeded", CF_LEX_THRESHOLD},
    {"exceeds", CF_LEX_THRESHOLD},
    {"surpassed", CF_LEX_THRESHOLD},
    {"surpassing", CF_LEX_THRESHOLD},
    {"topped", CF_LEX_THRESHOLD},
    {"crossed", CF_LEX_THRESHOLD},
    {"superó", CF_LEX_THRESHOLD},
    {"superaron", CF_LEX_THRESHOLD},
    {"supera", CF_LEX_THRESHOLD},
    {"superou", CF_LEX_THRESHOLD},
    {"superaram", CF_LEX_THRESHOLD},
    {"ultrapassou", CF_LEX_THRESHOLD},
    {"ultrapassaram", CF_LEX_THRESHOLD},
    {"remained above", CF_LEX_THRESHOLD},
    {"stayed above", CF_LEX_THRESHOLD},
    {"to", CF_LEX_TO},
    {"hasta", CF_LEX_TO},
    {"para", CF_LEX_TO},
    {"a", CF_LEX_TO},
    {"reaching", CF_LEX_TO},
    {"reached", CF_LEX_TO},
    {"alcanzaron", CF_LEX_TO},
    {"alcanzó", CF_LEX_TO},
    {"somaram", CF_LEX_TO},
    {"sumaron", CF_LEX_TO},
    {"up", CF_LEX_RISE},
    {"rose", CF_LEX_RISE},
    {"rise", CF_LEX_RISE},
    {"rising", CF_LEX_RISE},
    {"grew", CF_LEX_RISE},
    {"growth", CF_LEX_RISE},
    {"climbed", CF_LEX_RISE},
    {"increased", CF_LEX_RISE},
    {"increase", CF_LEX_RISE},
    {"jumped", CF_LEX_RISE},
    {"surged", CF_LEX_RISE},
    {"soared", CF_LEX_RISE},
    {"gained", CF_LEX_RISE},
    {"expanded", CF_LEX_RISE},
    {"slowed", CF_LEX_RISE},
    {"accelerated", CF_LEX_RISE},
    {"crecieron", CF_LEX_RISE},
    {"creció", CF_LEX_RISE},
    {"crecimiento", CF_LEX_RISE},
    {"aumentó", CF_LEX_RISE},
    {"aumentaron", CF_LEX_RISE},
    {"aumento", CF_LEX_RISE},
    {"subió", CF_LEX_RISE},
    {"subieron", CF_LEX_RISE},
    {"alza", CF_LEX_RISE},
    {"más", CF_LEX_RISE},
    {"cresceu", CF_LEX_RISE},
    {"cresceram", CF_LEX_RISE},
    {"crescimento", CF_LEX_RISE},
    {"aumentou", CF_LEX_RISE},
    {"aumentaram", CF_LEX_RISE},
    {"subiu", CF_LEX_RISE},
    {"subiram", CF_LEX_RISE},
    {"alta", CF_LEX_RISE},
    {"avançou", CF_LEX_RISE},
    {"mais", CF_LEX_RISE},
    {"inflation", CF_LEX_RISE},
    {"more", CF_LEX_RISE},
    {"higher", CF_LEX_RISE},
    {"less", CF_LEX_FALL},
    {"lower", CF_LEX_FALL},
    {"inflación", CF_LEX_RISE},
    {"inflação", CF_LEX_RISE},
    {"fell", CF_LEX_FALL},
    {"fall", CF_LEX_FALL},
    {"falls", CF_LEX_FALL},
    {"down", CF_LEX_FALL},
    {"dropped", CF_LEX_FALL},
    {"drop", CF_LEX_FALL},
    {"declined", CF_LEX_FALL},
    {"decline", CF_LEX_FALL},
    {"decreased", CF_LEX_FALL},
    {"decrease", CF_LEX_FALL},
    {"shrank", CF_LEX_FALL},
    {"contracted", CF_LEX_FALL},
    {"slumped", CF_LEX_FALL},
    {"plunged", CF_LEX_FALL},
    {"slid", CF_LEX_FALL},
    {"lost", CF_LEX_FALL},
    {"cayeron", CF_LEX_FALL},
    {"cayó", CF_LEX_FALL},
    {"caída", CF_LEX_FALL},
    {"bajó", CF_LEX_FALL},
    {"bajaron", CF_LEX_FALL},
    {"baje", CF_LEX_FALL},
    {"disminuyó", CF_LEX_FALL},
    {"disminución", CF_LEX_FALL},
    {"descenso", CF_LEX_FALL},
    {"retroceso", CF_LEX_FALL},
    {"depreció", CF_LEX_FALL},
    {"menos", CF_LEX_FALL},
    {"caiu", CF_LEX_FALL},
    {"caíram", CF_LEX_FALL},
    {"queda", CF_LEX_FALL},
    {"recuou", CF_LEX_FALL},
    {"recuaram", CF_LEX_FALL},
    {"recuo", CF_LEX_FALL},
    {"retração", CF_LEX_FALL},
    {"diminuiu", CF_LEX_FALL},
    {"baixa", CF_LEX_FALL},
    {"redução", CF_LEX_FALL},
};

cf_lex_class cf_lex_classify(const char *p, const char *end, size_t *len)
{
	for (size_t i = 0; i < N(classes); i++) {
		size_t n = cf_ts_starts(p, end, classes[i].w);
		if (n) {
			*len = n;
			return classes[i].c;
		}
	}
	*len = 0;
	return CF_LEX_NONE;
}

size_t cf_lex_times(const char *p, const char *end)
{
	static const char *const w[] = {"times", "veces", "vezes", "vez",
					"fold"};
	const char *q = cf_ts_skip_spaces(p, end);
	if (q == p && q < end && *q == '-')
		q++; /* "35-fold" */
	for (size_t i = 0; i < N(w); i++) {
		size_t n = cf_ts_starts(q, end, w[i]);
		if (n)
			return (size_t)(q + n - p);
	}
	return 0;
}

static const char *const months[3][12] = {
    {"january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"},
    {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
     "septiembre", "octubre", "noviembre", "diciembre"},
    {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
     "agosto", "setembro", "outubro", "novembro", "dezembro"}};

int cf_lex_month(const char *p, const char *end, size_t *len)
{
	for (int l = 0; l < 3; l++)
		for (int m = 0; m < 12; m++) {
			size_t n = cf_ts_starts(p, end, months[l][m]);
			if (n) {
				*len = n;
				return m + 1;
			}
		}
	return 0;
}

int cf_lex_month_before(const char *text, const char *p)
{
	cf_span w = cf_ts_word_before(text, p);
	for (int l = 0; l < 3; l++)
		for (int m = 0; m < 12; m++)
			if (cf_ts_span_is(w, months[l][m]))
				return m + 1;
	return 0;
}

bool cf_lex_identifier_before(const char *text, const char *p)
{
	static const char *const words[] = {
	    "section",	  "article",   "chapter", "title",	 "route",
	    "highway",	  "code",      "hs",	  "order",	 "resolution",
	    "decree",	  "law",       "act",	  "rule",	 "no",
	    "number",	  "item",      "heading", "tariff line", "sección",
	    "artículo",	  "capítulo",  "decreto", "ley",	 "ruta",
	    "resolución", "código",    "lei",	  "artigo",	 "capítulo",
	    "rodovia",	  "resolução", "nº",	  "núm",	 "n.º"};
	const char *q = cf_ts_skip_spaces_back(text, p);
	if (q > text && q[-1] == '.')
		q--; /* "No. 2", "No.2" */
	for (size_t i = 0; i < N(words); i++)
		if (cf_ts_ends_before(text, q, words[i]))
			return true;
	return false;
}

bool cf_lex_present_state(const char *from, const char *to)
{
	static const char *const verbs[] = {
	    /* en */ "is", "are",	  "has",	"have",
	    "comprises",   "comprise",	  "includes",	"include",
	    "employs",	   "counts",	  "hosts",	"holds",
	    "remains",	   "remain",	  "stands",	"numbers",
	    /* es */ "es", "son",	  "tiene",	"tienen",
	    "cuenta con",  "cuentan con", "incluye",	"incluyen",
	    "emplea",	   "alberga",	  "comprende",	"suma",
	    "suman",
	    /* pt */ "é",  "são",	  "tem",	"têm",
	    "conta com",   "contam com",  "inclui",	"incluem",
	    "emprega",	   "abriga",	  "compreende", "soma",
	    "somam"};
	for (const char *p = from; p < to;) {
		cf_span w = cf_ts_word_at(p, to);
		if (!w.n) {
			p++;
			continue;
		}
		for (size_t i = 0; i < N(verbs); i++)
			if (cf_ts_starts(w.p, to, verbs[i]))
				return true;
		p = w.p + w.n;
	}
	return false;
}

bool cf_lex_stop_word(const char *p, const char *end)
{
	static const char *const stops[] = {
	    "in",    "of",    "for",   "to",   "from", "by",	"and",	"or",
	    "with",  "at",    "on",    "the",  "a",    "an",	"was",	"were",
	    "is",    "are",   "has",   "have", "up",   "down",	"than", "that",
	    "which", "while", "de",    "del",  "en",   "y",	"e",	"o",
	    "para",  "por",   "con",   "em",   "no",   "na",	"do",	"da",
	    "que",   "a",     "al",    "el",   "la",   "los",	"las",	"com",
	    "entre", "ante",  "desde", "as",   "os",   "hasta", "até",	"so"};
	for (size_t i = 0; i < N(stops); i++)
		if (cf_ts_starts(p, end, stops[i]))
			return true;
	return false;
}
