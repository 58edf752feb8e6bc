/* TEST ONLY - never shipped in the installer.
 *
 * PySide6 >= 6.10's Qt6Core.dll imports Windows' own ICU (icuuc.dll, part of Windows 10
 * 1703 and later). Wine 8 has no icuuc.dll, so QtCore would not load under Wine.
 * installer/windows/test-wine builds this stand-in with mingw-w64 and copies it into the
 * throwaway Wine prefix. It has the functions Qt6Core imports (ICU converters, used
 * by QStringConverter for legacy encodings) and no converters: ucnv_open fails with
 * U_FILE_ACCESS_ERROR, so Qt falls back to its built-in UTF-8/UTF-16/Latin-1 codecs.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o icuuc.dll icuuc-standin.c
 */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4
typedef int UErrorCode;

static void fail(UErrorCode *status) {
    if (status != NULL && *status <= 0) *status = U_FILE_ACCESS_ERROR;
}

EXPORT void *ucnv_open(const char *name, UErrorCode *status) { (void)name; fail(status); return NULL; }
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *status) { (void)cnv; fail(status); return ""; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status) {
    (void)name; (void)standard; fail(status); return NULL;
}
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT void ucnv_getToUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
EXPORT void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *status) {
    (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(status);
}
EXPORT void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *status) {
    (void)c; (void)n; (void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(status);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const uint16_t *s, int32_t l, int32_t o, UErrorCode *status) {
    (void)args; (void)s; (void)l; (void)o; fail(status);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const uint16_t **s, const uint16_t *e, int32_t o, UErrorCode *status) {
    (void)args; (void)s; (void)e; (void)o; fail(status);
}
EXPORT void ucnv_toUnicode(void *c, uint16_t **t, const uint16_t *te, const char **s, const char *se,
                           int32_t *o, int8_t f, UErrorCode *status) {
    (void)c; (void)t; (void)te; (void)s; (void)se; (void)o; (void)f; fail(status);
}
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *te, const uint16_t **s, const uint16_t *se,
                             int32_t *o, int8_t f, UErrorCode *status) {
    (void)c; (void)t; (void)te; (void)s; (void)se; (void)o; (void)f; fail(status);
}
EXPORT int32_t ucnv_toUCountPending(const void *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *ctx, void *args, const uint16_t *u, int32_t l,
                                            int32_t cp, int reason, UErrorCode *status) {
    (void)ctx; (void)args; (void)u; (void)l; (void)cp; (void)reason; (void)status;
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *ctx, void *args, const char *b, int32_t l,
                                          int reason, UErrorCode *status) {
    (void)ctx; (void)args; (void)b; (void)l; (void)reason; (void)status;
}
