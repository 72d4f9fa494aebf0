; ClawDoc's page in the Windows installer (electron-builder includes this file: nsis.include).
; "Start ClawDoc when I sign in": unticked unless the user ticks it, as the app promises. The installer
; does not write the Run key itself: it leaves a note in the data folder, and the app turns launch at
; login on through Electron's own API at its first start (the same entry the menu's checkbox manages,
; and the one Task Manager's Startup tab can switch off).
!include nsDialogs.nsh
!include LogicLib.nsh

; electron-builder compiles this file twice, for the installer and (BUILD_UNINSTALLER) the uninstaller:
; the page exists only in the first.
!ifndef BUILD_UNINSTALLER
Var ClawDocLoginBox
Var ClawDocLoginChoice

!macro customPageAfterChangeDir
  Page custom ClawDocLoginPageShow ClawDocLoginPageLeave
!macroend

Function ClawDocLoginPageShow
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${If} $LANGUAGE == 2052 ; Simplified Chinese
    ${NSD_CreateLabel} 0 0 100% 36u "ClawDoc 在系统托盘中值守 OpenClaw 网关：网关崩溃时重启它、修复已知故障，需要人处理时提醒你。"
    Pop $0
    ${NSD_CreateCheckbox} 0 44u 100% 12u "登录 Windows 时启动 ClawDoc"
  ${Else}
    ${NSD_CreateLabel} 0 0 100% 36u "ClawDoc watches the OpenClaw gateway from the system tray: it restarts it when it crashes, repairs known faults and tells you when a person is needed."
    Pop $0
    ${NSD_CreateCheckbox} 0 44u 100% 12u "Start ClawDoc when I sign in to Windows"
  ${EndIf}
  Pop $ClawDocLoginBox
  ${If} $ClawDocLoginChoice == ${BST_CHECKED}
    ${NSD_Check} $ClawDocLoginBox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function ClawDocLoginPageLeave
  ${NSD_GetState} $ClawDocLoginBox $ClawDocLoginChoice
FunctionEnd
!endif

; A silent install (/S, updates) shows no page: the choice stays empty and nothing changes.
!macro customInstall
  ${If} $ClawDocLoginChoice == ${BST_CHECKED}
    CreateDirectory "$APPDATA\ClawDoc"
    FileOpen $0 "$APPDATA\ClawDoc\installer-choices.json" w
    FileWrite $0 '{"launchAtLogin":true}'
    FileClose $0
  ${EndIf}
!macroend

; Uninstalling leaves no login entry pointing at a removed program (Electron names it after the
; AppUserModelId; Task Manager's on/off state sits under StartupApproved).
!macro customUnInstall
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "com.clawdoc.app"
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "com.clawdoc.app"
!macroend
