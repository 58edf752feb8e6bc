/* TEST ONLY - never shipped in the installer.
 *
 * Rust programs built with Rust >= 1.78 (cryptography's and pyrage's extension modules)
 * import ProcessPrng from bcryptprimitives.dll, which Windows 10 and later have and
 * Wine 8 does not. installer/windows/test-wine builds this stand-in with mingw-w64 and
 * copies it into the throwaway Wine prefix. Random bytes come from RtlGenRandom
 * (advapi32's SystemFunction036), Wine's own system random source.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives-standin.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
