/*
 * What WinHTTP reads from the registry, as JSON on stdout (ASCII only, every string escaped).
 *
 *   winhttp-probe.exe                      WinHttpGetIEProxyConfigForCurrentUser (HKCU ...\Connections
 *                                          DefaultConnectionSettings) and WinHttpGetDefaultProxyConfiguration
 *                                          (HKLM ...\Connections WinHttpSettings)
 *   winhttp-probe.exe set-direct           WinHttpSetDefaultProxyConfiguration, WINHTTP_ACCESS_TYPE_NO_PROXY
 *   winhttp-probe.exe set-named P [B]      WinHttpSetDefaultProxyConfiguration, named proxy P, bypass B
 *
 * Built by the integration tests with x86_64-w64-mingw32-gcc ... -lwinhttp and run under Wine.
 * Exit 0 when every call succeeded, 1 when one failed (the JSON says which, with GetLastError), 2 on usage.
 */
#include <windows.h>
#include <winhttp.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static void put_string(const WCHAR *s)
{
    if (!s)
    {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++)
    {
        unsigned c = *s;
        if (c == '"') fputs("\\\"", stdout);
        else if (c == '\\') fputs("\\\\", stdout);
        else if (c < 0x20 || c > 0x7e) printf("\\u%04x", c);
        else putchar((int)c);
    }
    putchar('"');
}

static WCHAR *widen(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    WCHAR *w = (WCHAR *)GlobalAlloc(GPTR, (SIZE_T)n * sizeof(WCHAR));
    if (w) MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

static int get(void)
{
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG ie;
    WINHTTP_PROXY_INFO def;
    BOOL ie_ok, def_ok;
    DWORD ie_error, def_error;

    memset(&ie, 0, sizeof(ie));
    memset(&def, 0, sizeof(def));
    ie_ok = WinHttpGetIEProxyConfigForCurrentUser(&ie);
    ie_error = ie_ok ? 0 : GetLastError();
    def_ok = WinHttpGetDefaultProxyConfiguration(&def);
    def_error = def_ok ? 0 : GetLastError();

    printf("{\"ie\":{\"ok\":%s,\"error\":%lu,\"fAutoDetect\":%s,\"lpszAutoConfigUrl\":",
           ie_ok ? "true" : "false", (unsigned long)ie_error, ie.fAutoDetect ? "true" : "false");
    put_string(ie.lpszAutoConfigUrl);
    fputs(",\"lpszProxy\":", stdout);
    put_string(ie.lpszProxy);
    fputs(",\"lpszProxyBypass\":", stdout);
    put_string(ie.lpszProxyBypass);
    printf("},\"default\":{\"ok\":%s,\"error\":%lu,\"dwAccessType\":%lu,\"lpszProxy\":",
           def_ok ? "true" : "false", (unsigned long)def_error, (unsigned long)def.dwAccessType);
    put_string(def.lpszProxy);
    fputs(",\"lpszProxyBypass\":", stdout);
    put_string(def.lpszProxyBypass);
    fputs("}}\n", stdout);

    GlobalFree(ie.lpszAutoConfigUrl);
    GlobalFree(ie.lpszProxy);
    GlobalFree(ie.lpszProxyBypass);
    GlobalFree(def.lpszProxy);
    GlobalFree(def.lpszProxyBypass);
    return ie_ok && def_ok ? 0 : 1;
}

static int set(DWORD access, const char *proxy, const char *bypass)
{
    WINHTTP_PROXY_INFO info;
    BOOL ok;

    memset(&info, 0, sizeof(info));
    info.dwAccessType = access;
    info.lpszProxy = proxy ? widen(proxy) : NULL;
    info.lpszProxyBypass = bypass ? widen(bypass) : NULL;
    ok = WinHttpSetDefaultProxyConfiguration(&info);
    printf("{\"set\":{\"ok\":%s,\"error\":%lu}}\n", ok ? "true" : "false", (unsigned long)(ok ? 0 : GetLastError()));
    GlobalFree(info.lpszProxy);
    GlobalFree(info.lpszProxyBypass);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 1) return get();
    if (argc == 2 && !strcmp(argv[1], "set-direct")) return set(WINHTTP_ACCESS_TYPE_NO_PROXY, NULL, NULL);
    if ((argc == 3 || argc == 4) && !strcmp(argv[1], "set-named"))
        return set(WINHTTP_ACCESS_TYPE_NAMED_PROXY, argv[2], argc == 4 ? argv[3] : NULL);
    fputs("usage: winhttp-probe [set-direct | set-named PROXY [BYPASS]]\n", stderr);
    return 2;
}
