"""Thai for Qt's own strings: standard buttons, edit menus, file and input dialogs.

Qt ships no Thai translation (there is no qtbase_th.qm), so this translator answers
for it. The (context, source) pairs were found by installing a logging translator on
PySide6 6.12 and opening each standard dialog; the button texts come from the
``QPlatformTheme`` context on Windows and from ``QGnomeTheme`` on GNOME desktops.
Keyboard mnemonics keep their Latin letter in brackets, as the CJK translations of Qt
do, so Alt+S still saves whatever keyboard layout is active.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

# Buttons and the edit menu: the same words wherever Qt shows them.
_COMMON: dict[str, str] = {
    "OK": "ตกลง", "&OK": "ตกลง(&O)", "Cancel": "ยกเลิก", "&Cancel": "ยกเลิก(&C)",
    "Save": "บันทึก", "&Save": "บันทึก(&S)", "Save All": "บันทึกทั้งหมด",
    "Open": "เปิด", "&Open": "เปิด(&O)", "Close": "ปิด", "&Close": "ปิด(&C)",
    "Yes": "ใช่", "&Yes": "ใช่(&Y)", "No": "ไม่ใช่", "&No": "ไม่ใช่(&N)",
    "Yes to &All": "ใช่ทั้งหมด(&A)", "N&o to All": "ไม่ใช่ทั้งหมด(&O)",
    "Abort": "ยกเลิกการทำงาน", "Retry": "ลองอีกครั้ง", "Ignore": "ข้าม",
    "Discard": "ไม่บันทึก", "Don't Save": "ไม่บันทึก", "Close without Saving": "ปิดโดยไม่บันทึก",
    "Help": "วิธีใช้", "&Help": "วิธีใช้(&H)", "Apply": "นำไปใช้", "Reset": "ล้างค่า",
    "Restore Defaults": "คืนค่าเริ่มต้น",
    "&Undo": "เลิกทำ(&U)", "&Redo": "ทำซ้ำ(&R)", "Cu&t": "ตัด(&T)", "&Copy": "คัดลอก(&C)",
    "&Paste": "วาง(&P)", "Delete": "ลบ", "&Delete": "ลบ(&D)", "Select All": "เลือกทั้งหมด",
    "&Select All": "เลือกทั้งหมด(&S)", "Copy &Link Location": "คัดลอกที่อยู่ลิงก์(&L)",
}

# Strings that only one part of Qt uses.
_BY_CONTEXT: dict[str, dict[str, str]] = {
    "QMessageBox": {
        "Show Details...": "แสดงรายละเอียด...", "Hide Details...": "ซ่อนรายละเอียด...",
        "About Qt": "เกี่ยวกับ Qt",
    },
    "QInputDialog": {"Enter a value:": "ป้อนค่า:"},
    "QAbstractSpinBox": {"&Step up": "เพิ่มค่า(&S)", "Step &down": "ลดค่า(&D)"},
    "QWizard": {
        "< &Back": "< ย้อนกลับ(&B)", "&Next >": "ถัดไป(&N) >", "&Finish": "เสร็จสิ้น(&F)",
        "Commit": "ยืนยัน", "Go Back": "ย้อนกลับ", "Continue": "ดำเนินการต่อ", "Done": "เสร็จ",
        "&Next": "ถัดไป(&N)", "Quit": "ออก",
    },
    "QFileDialog": {
        "&Look in:": "ดูใน(&L):", "Look in:": "ดูใน:", "File &name:": "ชื่อไฟล์(&N):",
        "Files of type:": "ชนิดไฟล์:", "Files of &type:": "ชนิดไฟล์(&T):",
        "&Choose": "เลือก(&C)", "Save As": "บันทึกเป็น", "Find Directory": "เลือกโฟลเดอร์",
        "Directory:": "โฟลเดอร์:", "Directories": "โฟลเดอร์", "All Files (*)": "ทุกไฟล์ (*)",
        "All Files (*.*)": "ทุกไฟล์ (*.*)", "Files": "ไฟล์",
        "Back": "ย้อนกลับ", "Forward": "ไปข้างหน้า", "Parent Directory": "โฟลเดอร์ระดับบน",
        "Go back": "ย้อนกลับ", "Go forward": "ไปข้างหน้า",
        "Go to the parent directory": "ไปยังโฟลเดอร์ระดับบน",
        "Create New Folder": "สร้างโฟลเดอร์ใหม่", "Create a New Folder": "สร้างโฟลเดอร์ใหม่",
        "New Folder": "โฟลเดอร์ใหม่", "&New Folder": "โฟลเดอร์ใหม่(&N)", "&Rename": "เปลี่ยนชื่อ(&R)",
        "Show &hidden files": "แสดงไฟล์ที่ซ่อนไว้(&H)", "List View": "มุมมองรายการ",
        "Detail View": "มุมมองรายละเอียด", "Change to list view mode": "แสดงเป็นรายการ",
        "Change to detail view mode": "แสดงพร้อมรายละเอียด", "Sidebar": "แถบด้านข้าง",
        "List of places and bookmarks": "รายการตำแหน่งและที่คั่นไว้",
        "Recent Places": "ตำแหน่งล่าสุด", "My Computer": "คอมพิวเตอร์ของฉัน",
        "Are you sure you want to delete '%1'?": "ต้องการลบ '%1' ใช่หรือไม่?",
        "%1 already exists.\nDo you want to replace it?": "มี %1 อยู่แล้ว\nต้องการแทนที่หรือไม่?",
        "'%1' is write protected.\nDo you want to delete it anyway?":
            "'%1' ถูกป้องกันการเขียน\nต้องการลบต่อไปหรือไม่?",
        "Could not delete directory.": "ลบโฟลเดอร์ไม่ได้",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nไม่พบไฟล์\nโปรดตรวจสอบชื่อไฟล์",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nไม่พบโฟลเดอร์\nโปรดตรวจสอบชื่อโฟลเดอร์",
    },
    "QFileSystemModel": {
        "Name": "ชื่อ", "Size": "ขนาด", "Type": "ชนิด", "Kind": "ชนิด",
        "Date Modified": "วันที่แก้ไข", "Computer": "คอมพิวเตอร์", "My Computer": "คอมพิวเตอร์ของฉัน",
    },
    "QAbstractFileIconProvider": {"Folder": "โฟลเดอร์", "Drive": "ไดรฟ์", "File": "ไฟล์",
                                  "%1 File": "ไฟล์ %1"},
    "QScrollBar": {
        "Scroll here": "เลื่อนมาที่นี่", "Left edge": "ซ้ายสุด", "Top": "บนสุด",
        "Right edge": "ขวาสุด", "Bottom": "ล่างสุด", "Page left": "หน้าซ้าย", "Page up": "หน้าก่อน",
        "Page right": "หน้าขวา", "Page down": "หน้าถัดไป", "Scroll left": "เลื่อนซ้าย",
        "Scroll up": "เลื่อนขึ้น", "Scroll right": "เลื่อนขวา", "Scroll down": "เลื่อนลง",
    },
    "QColorDialog": {"Select Color": "เลือกสี"},
    "QFontDialog": {"Select Font": "เลือกแบบอักษร"},
}

# Contexts whose button and edit-menu strings come from _COMMON.
_COMMON_CONTEXTS = frozenset({
    "QPlatformTheme", "QGnomeTheme", "QDialogButtonBox", "QMessageBox", "QLineEdit",
    "QWidgetTextControl", "QTextControl", "QAbstractSpinBox", "QFileDialog", "QWizard",
    "QInputDialog", "QProgressDialog", "QColorDialog", "QFontDialog", "QPrintDialog",
    "QPageSetupWidget", "QErrorMessage",
})

OBJECT_NAME = "govlab-thai-qt"


def thai_for(context: str, source: str) -> str | None:
    """Thai for one of Qt's strings, or None when there is none."""
    found = _BY_CONTEXT.get(context, {}).get(source)
    if found is None and context in _COMMON_CONTEXTS:
        found = _COMMON.get(source)
    return found


class ThaiQtTranslator(QTranslator):
    """Answers Qt's own translation requests in Thai; installed only in Thai mode."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        self.installed = False
        self.unanswered: set[tuple[str, str]] = set()  # for finding strings still missing

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        found = thai_for(context or "", source or "")
        if found is None:
            self.unanswered.add((context or "", source or ""))
            # None reaches Qt as a null string, "no translation": Qt keeps its own text.
            # An empty string would count as a translation: QPageSize("A4") then has no
            # name and is invalid, so printing fell back to Letter portrait.
            return None
        return found

    def isEmpty(self) -> bool:
        return False

    def language(self) -> str:
        return "th"
