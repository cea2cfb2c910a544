from xml.etree import ElementTree

from greentech.reports.charts import MAX_CATEGORIES, BarChart, Series

SVG = "{http://www.w3.org/2000/svg}"


def _parse(chart: BarChart):
    return ElementTree.fromstring(str(chart.render()))


def test_one_bar_per_category_and_series_longest_for_the_largest_value():
    chart = BarChart(
        "Published", ["Water", "Energy"], [Series("Submitted", [4, 2]), Series("Published", [2, 1])]
    )

    svg = _parse(chart)

    bars = svg.findall(f"{SVG}rect")[2:]  # after the two legend squares
    widths = [float(bar.get("width")) for bar in bars]
    assert len(widths) == 4
    assert widths[0] == max(widths)
    assert widths[0] == 2 * widths[1] == 2 * widths[2] == 4 * widths[3]
    texts = [text.text for text in svg.findall(f"{SVG}text")]
    assert texts[:2] == ["Submitted", "Published"]
    assert {"Water", "Energy", "4", "2", "1"} <= set(texts)
    assert svg.find(f"{SVG}title").text == "Published"


def test_text_is_escaped():
    chart = BarChart("<b>", ['<script>alert("x")</script>'], [Series("n", [1])])

    svg = str(chart.render())

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    _parse(chart)  # still well-formed


def test_only_the_first_categories_are_drawn_and_zero_values_are_fine():
    labels = [f"Country {n}" for n in range(40)]
    chart = BarChart("Many", labels, [Series("n", [0] * 40)])

    svg = _parse(chart)

    assert len(svg.findall(f"{SVG}rect")) == MAX_CATEGORIES


def test_a_chart_of_zeros_has_nothing_to_draw():
    assert not BarChart("Zeros", ["a", "b"], [Series("n", [0, 0])]).has_values
    assert BarChart("Some", ["a", "b"], [Series("n", [0, 2])]).has_values
