; GovLab Desk for Windows: a per-user installer (no administrator rights needed).
;
; Built by installer/windows/build, which defines:
;   VERSION       the version shown in Apps & features (from pyproject.toml)
;   VERSION4      the same as four numbers for the file's version resource
;   STAGE         the staged program folder (embeddable Python, packages, app)
;   ICON          the app's .ico
;   OUTFILE       the installer to write
;   ESTIMATED_KB  the installed size in KiB
;   FAST          (optional) zlib instead of solid LZMA, for test builds
;   SIGN_UNINSTALLER (optional) a command that signs a file in place
;
; The program goes to %LOCALAPPDATA%\Programs\GovLab Desk. The user's data folder,
; %LOCALAPPDATA%\GovLab Desk, is never written by the installer; the uninstaller removes
; it only when the user says so (never in a silent uninstall).

Unicode true
Target amd64-unicode
!ifdef FAST
  SetCompressor zlib
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 64
!endif

!ifdef SIGN_UNINSTALLER   ; the uninstaller is signed as it is written into the installer
  !uninstfinalize '${SIGN_UNINSTALLER} "%1"'
!endif

!define APP_NAME "GovLab Desk"
!define PUBLISHER "GovLab Desk developers"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\GovLabDesk"
!define SETTINGS_KEY "Software\GovLab Desk"
!define LAUNCHER "app\govlab-desk.pyw"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
ManifestDPIAware true
ManifestSupportedOS all
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
ShowInstDetails hide
ShowUninstDetails hide
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} ${VERSION} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT licence, ${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_ALLLANGUAGES

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "$(RunApp)"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchApp
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default when Windows' language is neither.
!insertmacro MUI_LANGUAGE "Thai"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SecAppName ${LANG_THAI} "โปรแกรม GovLab Desk"
LangString SecAppName ${LANG_ENGLISH} "GovLab Desk program"
LangString SecDesktopName ${LANG_THAI} "ทางลัดบนเดสก์ท็อป"
LangString SecDesktopName ${LANG_ENGLISH} "Desktop shortcut"
LangString RunApp ${LANG_THAI} "เปิด GovLab Desk"
LangString RunApp ${LANG_ENGLISH} "Start GovLab Desk"
LangString ShortcutComment ${LANG_THAI} "ระบบงานทะเบียนและเอกสารราชการแบบออฟไลน์"
LangString ShortcutComment ${LANG_ENGLISH} "Offline records and official Thai papers"
LangString AppRunning ${LANG_THAI} "GovLab Desk กำลังเปิดอยู่ กรุณาปิดโปรแกรมแล้วกด ลองใหม่"
LangString AppRunning ${LANG_ENGLISH} "GovLab Desk is running. Close it, then choose Retry."
LangString NotDataFolder ${LANG_THAI} "ห้ามติดตั้งลงในโฟลเดอร์ข้อมูล ($LOCALAPPDATA\${APP_NAME}) กรุณาเลือกโฟลเดอร์อื่น"
LangString NotDataFolder ${LANG_ENGLISH} "This is the data folder ($LOCALAPPDATA\${APP_NAME}); choose another folder for the program."
LangString RemoveData ${LANG_THAI} "ลบข้อมูลของ GovLab Desk ด้วยหรือไม่?$\r$\n$\r$\n$LOCALAPPDATA\${APP_NAME}$\r$\n$\r$\nฐานข้อมูล ไฟล์แนบ สำเนาสำรอง และกุญแจ จะถูกลบถาวร เลือก ไม่ เพื่อเก็บข้อมูลไว้ (แนะนำ)"
LangString RemoveData ${LANG_ENGLISH} "Also delete the GovLab Desk data?$\r$\n$\r$\n$LOCALAPPDATA\${APP_NAME}$\r$\n$\r$\nThe database, attachments, backups and keys would be deleted for good. Choose No to keep them (recommended)."
LangString RemoveDataSure ${LANG_THAI} "ยืนยันการลบข้อมูลทั้งหมดถาวร? ไม่สามารถกู้คืนได้"
LangString RemoveDataSure ${LANG_ENGLISH} "Delete all the data for good? This cannot be undone."

; ----------------------------------------------------------------------------- checks

; A running copy keeps python313.dll open; files in use could not be replaced.
!macro CHECK_NOT_RUNNING UN
Function ${UN}CheckNotRunning
  ${Do}
    ${IfNot} ${FileExists} "$INSTDIR\python313.dll"
      Return
    ${EndIf}
    ClearErrors
    FileOpen $0 "$INSTDIR\python313.dll" a
    ${IfNot} ${Errors}
      FileClose $0
      Return
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDCANCEL IDRETRY retry
    SetErrorLevel 5
    Quit
    retry:
  ${Loop}
FunctionEnd
!macroend
!insertmacro CHECK_NOT_RUNNING ""
!insertmacro CHECK_NOT_RUNNING "un."

Function .onInit
  SetShellVarContext current
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function .onVerifyInstDir
  ${If} $INSTDIR == "$LOCALAPPDATA\${APP_NAME}"
    Abort
  ${EndIf}
FunctionEnd

Function LaunchApp
  SetOutPath "$INSTDIR"
  Exec '"$INSTDIR\pythonw.exe" "$INSTDIR\${LAUNCHER}"'
FunctionEnd

; ---------------------------------------------------------------------------- install

Section "!$(SecAppName)" SecApp
  SectionIn RO
  ${If} $INSTDIR == "$LOCALAPPDATA\${APP_NAME}"
    MessageBox MB_OK|MB_ICONSTOP "$(NotDataFolder)" /SD IDOK
    SetErrorLevel 6
    Quit
  ${EndIf}
  Call CheckNotRunning
  ; An older version's packages and app go first, so no stale module is left behind.
  ; Only the program's own folders, and only where this program was installed before;
  ; the data folder is elsewhere and never touched.
  ${If} ${FileExists} "$INSTDIR\python313._pth"
  ${AndIf} ${FileExists} "$INSTDIR\${LAUNCHER}"
    RMDir /r "$INSTDIR\Lib"
    RMDir /r "$INSTDIR\app"
  ${EndIf}
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\pythonw.exe" '"$INSTDIR\${LAUNCHER}"' \
    "$INSTDIR\govlab-desk.ico" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\govlab-desk.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" ${ESTIMATED_KB}
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "$(SecDesktopName)" SecDesktop
  SetOutPath "$INSTDIR"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\pythonw.exe" '"$INSTDIR\${LAUNCHER}"' \
    "$INSTDIR\govlab-desk.ico" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"
SectionEnd

; -------------------------------------------------------------------------- uninstall

Function un.onInit
  SetShellVarContext current
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  Call un.CheckNotRunning
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\Lib"
  RMDir /r "$INSTDIR\app"
  ; The top-level files the build staged (listed by the build, nothing else):
  !include "${STAGE}.files.nsh"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"

  ; The data folder stays unless the user asks twice; a silent uninstall keeps it.
  ${If} ${FileExists} "$LOCALAPPDATA\${APP_NAME}\*.*"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$(RemoveData)" /SD IDNO IDNO keep
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(RemoveDataSure)" /SD IDNO IDNO keep
    RMDir /r "$LOCALAPPDATA\${APP_NAME}"
    keep:
  ${EndIf}
SectionEnd
