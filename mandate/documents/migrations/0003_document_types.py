from django.db import migrations

# A copy of mandate/documents/catalogue.py as it stood: migrations never import app code.
TYPES = [
    ("chi-thi", "Chỉ thị", "Directive", ["CT"], False),
    ("nghi-quyet", "Nghị quyết", "Resolution", ["NQ"], False),
    ("chuong-trinh", "Chương trình", "Programme", ["CTr"], False),
    ("ke-hoach", "Kế hoạch", "Plan", ["KH"], False),
    ("quyet-dinh", "Quyết định", "Decision", ["QĐ"], False),
    ("quy-dinh", "Quy định", "Regulation", ["QĐ", "QĐi", "QyĐ"], False),
    ("quy-che", "Quy chế", "Rules", ["QC"], False),
    ("nghi-dinh", "Nghị định", "Decree", ["NĐ"], False),
    ("thong-tu", "Thông tư", "Circular", ["TT"], False),
    ("ket-luan", "Kết luận", "Conclusion", ["KL"], False),
    ("thong-bao", "Thông báo", "Notice", ["TB"], False),
    ("huong-dan", "Hướng dẫn", "Guideline", ["HD"], False),
    ("bao-cao", "Báo cáo", "Report", ["BC"], False),
    ("to-trinh", "Tờ trình", "Submission", ["TTr"], False),
    ("de-an", "Đề án", "Scheme", ["ĐA"], False),
    ("phuong-an", "Phương án", "Option plan", ["PA"], False),
    ("cong-van", "Công văn", "Official letter", ["CV"], True),
    ("luat", "Luật", "Law", [], True),
]


def forwards(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for slug, name, name_en, codes, codeless in TYPES:
        DocumentType.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "symbol_codes": codes, "codeless": codeless}
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
