"""The Devices dialog's printer test prints resources/forms/test_page.toml: on ESC/P it is a
real byte stream with the Chinese in GB18030; on the simulated printer a PDF."""
from printing import escp
from printing.forms import load_layout


def test_test_page_renders_for_escp_with_chinese():
    layout = load_layout("test_page")
    data = escp.render_job(layout, {"title": "Test page 打印测试页", "time": "2026-11-23 13:20",
                                    "sample": "中文 ABC 123"})
    assert data.startswith(b"\x1b@") and "打印测试页".encode("gb18030") in data and b"\x1c&" in data


def test_test_page_on_the_simulated_printer(tmp_path):
    from devices.printer.simulated import SimulatedVoucherPrinter
    from teller.ports import FormJob

    where = SimulatedVoucherPrinter(tmp_path).print_form(FormJob("test_page", {"title": "Test", "time": "now"},
                                                                 "test-page"))
    assert where.endswith("test-page.pdf")
