/* eduplan's charts: every ECharts option of every page is built here.
 *
 * A page that draws charts carries its data as JSON in <script type="application/json" id="chart-data"
 * data-chart="NAME"> (rendered with Jinja's tojson) and loads this file; no page has an inline script,
 * so the Content-Security-Policy can forbid them. Text that comes from a plan document or a workbook
 * (region, project, indicator names, units …) reaches the page's HTML only through `html()` /
 * `tooltip()` below, which escape it; canvas labels get it through `label()`, which shows it literally.
 * ECharts' own default tooltips escape names and values themselves.
 */
(function () {
  "use strict";

  var ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "`": "&#96;"};

  /** Text as HTML: every character that could open a tag or an attribute is escaped. */
  function html(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"'`]/g, function (c) {
      return ENTITIES[c];
    });
  }

  /** A tooltip's HTML from lines of plain text: the one place chart text is turned into HTML. */
  function tooltip(lines) {
    return lines.map(html).join("<br>");
  }

  /** A canvas label showing `text` literally (a formatter function, so no {a}/{b} template is applied). */
  function label(text) {
    var literal = String(text === null || text === undefined ? "" : text);
    return function () { return literal; };
  }

  /** Go to a link of the page's own data, only if it is a path on this site. */
  function follow(href) {
    if (typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/") {
      window.location.assign(href);
    }
  }

  function draw(id, option) {
    var el = typeof id === "string" ? document.getElementById(id) : id;
    if (!el) { return null; }
    var chart = echarts.init(el);
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  var COLOURS = {"已达成": "#2e7d32", "进展顺利": "#66bb6a", "需加快": "#f9a825", "进展缓慢": "#ef6c00",
                 "倒退": "#c62828", "数据不足": "#bdbdbd", "不适用": "#eceff1", "预期规模": "#5c6bc0"};

  var CHARTS = {
    /* / : plans by region, what was extracted from each. */
    plans: function (page) {
      var plans = page.plans;
      var kinds = [["indicators", "指标"], ["targets", "文中目标"], ["tasks", "任务"], ["projects", "项目"]];
      draw("plans-chart", {
        animation: false, tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 40, right: 20, top: 40, bottom: 40},
        xAxis: {type: "category", data: plans.map(function (p) { return p.region; })},
        yAxis: {type: "value", name: "条数"},
        series: kinds.map(function (k) {
          return {name: k[1], type: "bar", stack: "all", data: plans.map(function (p) { return p[k[0]]; })};
        })
      });
    },

    /* /dashboard : targets of every region counted by status. */
    overview: function (page) {
      var chart = draw("overview-chart", {
        animation: false, tooltip: {trigger: "axis", axisPointer: {type: "shadow"}}, legend: {top: 0},
        grid: {left: 60, right: 20, top: 40, bottom: 30},
        xAxis: {type: "category", data: page.regions.map(function (r) { return r.region; })},
        yAxis: {type: "value", name: "目标数", minInterval: 1},
        series: page.statuses.map(function (s) {
          return {name: s, type: "bar", stack: "status", itemStyle: {color: COLOURS[s]},
                  data: page.regions.map(function (r) { return r.status_counts[s]; })};
        })
      });
      if (chart) {
        chart.on("click", function (e) { var r = page.regions[e.dataIndex]; if (r) { follow(r.href); } });
      }
    },

    /* /compare : regions on one indicator, with their targets. */
    compare: function (page) {
      var few = page.rows.length <= 40;  // values printed on the bars only while they can be read
      draw("compare-chart", {
        animation: false, tooltip: {trigger: "axis", axisPointer: {type: "shadow"}}, legend: {top: 0},
        grid: {left: 60, right: 20, top: 40, bottom: 30},
        xAxis: {type: "category", data: page.rows.map(function (r) { return r.label || r.region; })},
        yAxis: {type: "value", name: page.unit || "", scale: true},
        series: [
          {name: page.year + "年数值", type: "bar", itemStyle: {color: "#1565c0"},
           label: {show: few, position: "top"},
           data: page.rows.map(function (r) { return r.value === null ? null : {value: r.value,
             itemStyle: r.simulated ? {color: "#90caf9", borderColor: "#1565c0", borderType: "dashed"} : undefined}; })},
          {name: "规划目标", type: "scatter", symbol: "rect", symbolSize: [few ? 46 : 2, 3], itemStyle: {color: "#c62828"},
           data: page.rows.map(function (r) { return r.target_value; })}
        ]
      });
    },

    /* /regions/{r} : the region's targets by status. */
    region: function (page) {
      var counts = page.status_counts;
      var names = counts.map(function (c) { return c[0]; });
      var colours = {"数据不足": "#9e9e9e", "不适用": "#cfd8dc"};
      draw("status-chart", {
        animation: false, tooltip: {trigger: "item"}, grid: {left: 70, right: 30, top: 10, bottom: 25},
        xAxis: {type: "value", name: "项", minInterval: 1}, yAxis: {type: "category", data: names, inverse: true},
        series: [{type: "bar", label: {show: true, position: "right"},
                  data: counts.map(function (c) { return {value: c[1], itemStyle: {color: colours[c[0]] || COLOURS[c[0]]}}; })}]
      });
    },

    /* /regions/{r}/targets/{key} : baseline, trajectory, observations, target line, forecast band. */
    target: function (page) {
      var t = page.target;
      var years = {};
      page.trajectory.forEach(function (p) { years[p.year] = 1; });
      page.observations.forEach(function (o) { years[o.year] = 1; });
      if (t.target_year) { years[t.target_year] = 1; }
      var axis = Object.keys(years).map(Number).sort(function (a, b) { return a - b; }).map(String);
      var observed = page.observations.map(function (o) {
        return {value: [String(o.year), o.value], symbol: o.simulated ? "emptyCircle" : "circle"};
      });
      var series = [
        {name: "规划轨迹", type: "line", lineStyle: {type: "dashed", color: "#607d8b"}, itemStyle: {color: "#607d8b"},
         symbolSize: 4, data: page.trajectory.map(function (p) { return [String(p.year), +p.value.toFixed(3)]; })},
        {name: "监测值", type: "line", symbolSize: 9, itemStyle: {color: "#1565c0"}, lineStyle: {width: 2},
         data: observed,
         markLine: page.target_value === null ? undefined : {symbol: "none", silent: true,
           lineStyle: {color: "#c62828", type: "solid", width: 1.5},
           label: {formatter: label("目标 " + t.target), position: "insideEndTop", color: "#c62828"},
           data: [{yAxis: page.target_value}]}}
      ];
      if (t.forecast !== null && t.target_year) {
        var last = page.observations.filter(function (o) { return o.year <= page.year; }).pop();
        var path = last ? [[String(last.year), last.value], [String(t.target_year), t.forecast]]
                        : [[String(t.target_year), t.forecast]];
        series.push({name: "预测", type: "line", lineStyle: {type: "dotted", color: "#ef6c00", width: 2},
                     itemStyle: {color: "#ef6c00"}, symbol: "diamond", symbolSize: 10, data: path});
        if (t.forecast_low !== null && t.forecast_high !== null) {
          series.push({name: "预测区间", type: "custom", itemStyle: {color: "#ef6c00"}, z: 5,
            renderItem: function (params, api) {
              var lo = api.coord([api.value(0), api.value(1)]), hi = api.coord([api.value(0), api.value(2)]);
              var w = 8, stroke = {stroke: "#ef6c00", lineWidth: 2};
              return {type: "group", children: [
                {type: "line", shape: {x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1]}, style: stroke},
                {type: "line", shape: {x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1]}, style: stroke},
                {type: "line", shape: {x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1]}, style: stroke}]};
            },
            encode: {x: 0, y: [1, 2]},
            data: [[String(t.target_year), t.forecast_low, t.forecast_high]]});
        }
      }
      draw("target-chart", {
        animation: false, legend: {top: 0}, grid: {left: 60, right: 40, top: 40, bottom: 40},
        tooltip: {trigger: "axis"},
        xAxis: {type: "category", data: axis, name: "年度"},
        yAxis: {type: "value", name: t.unit || "", scale: true},
        series: series
      });
    },

    /* /regions/{r}/projects : schedules (planned against actual), investment, places. */
    projects: function (page) {
      function ms(m, end) {
        if (!m) { return null; }
        var p = m.split("-"), y = +p[0], mo = +p[1];
        return end ? Date.UTC(y, mo, 1) : Date.UTC(y, mo - 1, 1);
      }
      var asOf = Date.UTC(page.year + 1, 0, 1);
      var names = page.projects.map(function (p) { return p.name; });
      var planned = [], actual = [];
      page.projects.forEach(function (p, i) {
        var s = ms(p.planned_start), f = ms(p.planned_finish, true);
        if (s && f) { planned.push([i, s, f, p.planned_start + " — " + p.planned_finish]); }
        var as = ms(p.actual_start), af = ms(p.actual_finish, true);
        if (as) { actual.push([i, as, af || asOf, p.actual_start + " — " + (p.actual_finish || "（在建）")]); }
      });
      function bars(offset, color) {
        return function (params, api) {
          var y = api.coord([0, api.value(0)])[1], a = api.coord([api.value(1), api.value(0)]);
          var b = api.coord([api.value(2), api.value(0)]), h = api.size([0, 1])[1] * 0.32;
          return {type: "rect", style: {fill: color},
                  shape: {x: a[0], y: y + offset * h - h / 2, width: Math.max(b[0] - a[0], 2), height: h * 0.9}};
        };
      }
      var timeline = document.getElementById("timeline-chart");
      if (timeline) { timeline.style.height = (120 + 28 * page.projects.length) + "px"; }
      draw(timeline, {animation: false, legend: {top: 0, data: ["计划工期", "实际工期"]},
        tooltip: {formatter: function (p) { return tooltip([names[p.value[0]], p.seriesName + "：" + p.value[3]]); }},
        grid: {left: 220, right: 30, top: 40, bottom: 30},
        xAxis: {type: "time"}, yAxis: {type: "category", data: names, inverse: true, axisLabel: {width: 200, overflow: "truncate"}},
        series: [
          {name: "计划工期", type: "custom", renderItem: bars(-0.5, "#9fb7d9"), encode: {x: [1, 2], y: 0}, data: planned,
           itemStyle: {color: "#9fb7d9"}},
          {name: "实际工期", type: "custom", renderItem: bars(0.5, "#9e1b1b"), encode: {x: [1, 2], y: 0}, data: actual,
           itemStyle: {color: "#9e1b1b"},
           markLine: {symbol: "none", label: {formatter: label(page.year + "年末")}, lineStyle: {color: "#555", type: "dashed"},
                      data: [{xAxis: asOf}]}}
        ]});
      draw("investment-chart", {animation: false, tooltip: {trigger: "axis"}, legend: {top: 0},
        grid: {left: 60, right: 60, top: 40, bottom: 30},
        xAxis: {type: "category", data: page.investment.map(function (i) { return i.year; })},
        yAxis: [{type: "value", name: "万元"},
                {type: "value", name: "执行率%", max: function (v) { return Math.max(100, Math.ceil(v.max)); }}],
        series: [{name: "计划投资", type: "bar", data: page.investment.map(function (i) { return i.planned; })},
                 {name: "完成投资", type: "bar", data: page.investment.map(function (i) { return i.spent; })},
                 {name: "执行率", type: "line", yAxisIndex: 1,
                  data: page.investment.map(function (i) { return i.rate === null ? null : +(i.rate * 100).toFixed(1); })}]});
      draw("places-chart", {animation: false, tooltip: {trigger: "axis"}, legend: {top: 0},
        grid: {left: 60, right: 20, top: 40, bottom: 30},
        xAxis: {type: "category", data: page.places.map(function (p) { return p.year; })}, yAxis: {type: "value", name: "学位"},
        series: [{name: "累计计划", type: "line", data: page.places.map(function (p) { return p.planned_to_date; })},
                 {name: "累计交付", type: "line", data: page.places.map(function (p) { return p.delivered_to_date; })},
                 {name: "当年计划", type: "bar", data: page.places.map(function (p) { return p.planned; })},
                 {name: "当年交付", type: "bar", data: page.places.map(function (p) { return p.delivered; })}]});
    },

    /* /regions/{r}/inspections/plan : the pass plan's cost by year, and each stage's CVs by year against its limit. */
    pass_plan: function (page) {
      var years = page.years.map(function (y) { return y.year + "年"; });
      draw("plan-cost-chart", {animation: false, title: {text: "分年成本（万元）", textStyle: {fontSize: 14}},
        tooltip: {trigger: "axis"}, grid: {left: 70, right: 20, top: 40, bottom: 30},
        xAxis: {type: "category", data: years}, yAxis: {type: "value", name: "万元"},
        series: [{name: "成本", type: "bar", data: page.years.map(function (y) { return Math.round(y.cost * 100) / 100; }),
                  itemStyle: {color: "#3f6fb5"}}]});
      var keys = page.years.length ? Object.keys(page.years[page.years.length - 1].cvs) : [];
      var series = keys.map(function (k) {
        return {name: k, type: "line", data: page.years.map(function (y) { var v = y.cvs[k]; return v === null ? null : Math.round(v * 1000) / 1000; })};
      });
      Object.keys(page.cv_limits).forEach(function (stage) {
        series.push({name: stage + "上限", type: "line", symbol: "none", lineStyle: {type: "dashed", color: "#9e1b1b"},
                     data: page.years.map(function () { return page.cv_limits[stage]; })});
      });
      draw("plan-cv-chart", {animation: false, title: {text: "校际差异系数（方案实施后）", textStyle: {fontSize: 14}},
        tooltip: {trigger: "axis"}, legend: {type: "scroll", bottom: 0}, grid: {left: 50, right: 20, top: 40, bottom: 60},
        xAxis: {type: "category", data: years}, yAxis: {type: "value", min: 0}, series: series});
    },

    /* /regions/{r}/inspections : places against demand, one chart per school stage. */
    inspections: function (page) {
      page.places.forEach(function (s, n) {
        var ys = s.years;
        draw("places-" + (n + 1), {animation: false, tooltip: {trigger: "axis"}, legend: {top: 0},
          grid: {left: 70, right: 20, top: 40, bottom: 30},
          xAxis: {type: "category", data: ys.map(function (y) { return y.year; })}, yAxis: {type: "value", name: "学位"},
          series: [{name: "现有学位", type: "bar", stack: "s", data: ys.map(function (y) { return y.existing; })},
                   {name: "项目新增学位", type: "bar", stack: "s", data: ys.map(function (y) { return y.new_places; })},
                   {name: "学位需求", type: "line", data: ys.map(function (y) { return y.demand; }), lineStyle: {width: 3},
                    itemStyle: {color: "#9e1b1b"}}]});
      });
    }
  };

  window.eduplan = {html: html, tooltip: tooltip, label: label};

  function start() {
    var holder = document.getElementById("chart-data");
    if (!holder || typeof echarts === "undefined") { return; }
    var build = CHARTS[holder.getAttribute("data-chart")];
    if (build) { build(JSON.parse(holder.textContent)); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
