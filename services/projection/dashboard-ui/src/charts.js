// The options of the page's ECharts charts: a target's months beside its pro-rata line, and the regions compared.

export function timelineOption({ months, actual, proRata, share, t }) {
  return {
    animation: false,
    grid: { left: 36, right: 8, top: 22, bottom: 20 },
    legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : share ? `${v}%` : v) },
    xAxis: { type: "category", data: months, axisLabel: { fontSize: 10 } },
    yAxis: { type: "value", axisLabel: { fontSize: 10, formatter: share ? "{value}%" : "{value}" }, ...(share ? { max: 100, min: 0 } : {}) },
    series: [
      { name: t("actual_line"), type: "line", data: actual, symbolSize: 4, itemStyle: { color: "#1d5fa8" }, connectNulls: false },
      { name: t("pro_rata"), type: "line", data: proRata, symbol: "none", lineStyle: { type: "dashed", color: "#8a5300" }, itemStyle: { color: "#8a5300" } },
    ],
  };
}

export function comparisonOption({ names, values, share, name }) {
  return {
    animation: false,
    grid: { left: 48, right: 12, top: 12, bottom: 70 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : share ? `${v}%` : v) },
    xAxis: { type: "category", data: names, axisLabel: { rotate: 45, fontSize: 11, interval: 0 } },
    yAxis: { type: "value", axisLabel: { formatter: share ? "{value}%" : "{value}" } },
    series: [{ name, type: "bar", data: values, itemStyle: { color: "#1d5fa8" } }],
  };
}
