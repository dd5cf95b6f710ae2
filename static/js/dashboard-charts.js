// Draws the dashboard's charts with Chart.js. Every chart's figures are also in
// the table beside it, so the page is complete without JavaScript.
(function () {
  'use strict'
  if (typeof window.Chart === 'undefined') return
  var source = document.getElementById('dashboard-charts')
  if (!source) return
  var charts = JSON.parse(source.textContent)
  // GOV.UK colours for the level colours named in framework files.
  var colours = {
    red: '#d4351c', orange: '#f47738', yellow: '#ffdd00', green: '#00703c', blue: '#1d70b8', grey: '#505a5f'
  }
  var font = { family: '"GDS Transport", arial, sans-serif', size: 14 }

  // One look per series, whichever series a chart has: a colour and a dash pattern
  // that differ, so the lines can be told apart without colour.
  var lineStyles = {
    area: { colour: '#1d70b8', dash: [], width: 3 },
    england: { colour: '#0b0c0c', dash: [10, 5], width: 2 },
    region: { colour: '#d4351c', dash: [2, 4], width: 3 },
    neighbours: { colour: '#4c2c92', dash: [12, 4, 2, 4], width: 2 },
    target: { colour: '#00703c', dash: [20, 6], width: 2 }
  }
  var svgNs = 'http://www.w3.org/2000/svg'

  // The key as HTML: each series' label beside a sample of its line. Chart.js draws its
  // legend's dashes on a small box, where they read as a scribble.
  function lineKey (lines) {
    var list = document.createElement('ul')
    list.className = 'app-chart-key govuk-body-s'
    list.setAttribute('aria-hidden', 'true') // the table beside the chart has the figures
    lines.forEach(function (line) {
      var style = lineStyles[line.style] || lineStyles.area
      var item = document.createElement('li')
      item.className = 'app-chart-key__item'
      var sample = document.createElementNS(svgNs, 'svg')
      sample.setAttribute('width', '48')
      sample.setAttribute('height', '12')
      sample.setAttribute('class', 'app-chart-key__line')
      var stroke = document.createElementNS(svgNs, 'line')
      stroke.setAttribute('x1', '0')
      stroke.setAttribute('y1', '6')
      stroke.setAttribute('x2', '48')
      stroke.setAttribute('y2', '6')
      stroke.setAttribute('stroke', style.colour)
      stroke.setAttribute('stroke-width', String(style.width + 1))
      if (style.dash.length) stroke.setAttribute('stroke-dasharray', style.dash.join(' '))
      sample.appendChild(stroke)
      item.appendChild(sample)
      item.appendChild(document.createTextNode(line.label))
      list.appendChild(item)
    })
    return list
  }

  function drawLines (figure, data) {
    var canvas = document.createElement('canvas')
    canvas.setAttribute('role', 'img')
    canvas.setAttribute('aria-label', 'Chart of the figures in the table beside it')
    figure.appendChild(canvas)
    figure.parentNode.insertBefore(lineKey(data.lines), figure)
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: data.labels,
        datasets: data.lines.map(function (line) {
          var style = lineStyles[line.style] || lineStyles.area
          return {
            label: line.label,
            data: line.data,
            borderColor: style.colour,
            backgroundColor: style.colour,
            borderDash: style.dash,
            borderWidth: style.width,
            spanGaps: true,
            pointRadius: 3
          }
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: { x: { ticks: { font: font } }, y: { ticks: { font: font } } },
        plugins: { legend: { display: false } }
      }
    })
  }

  function draw (figure) {
    var data = charts[figure.getAttribute('data-chart')]
    if (!data) return
    if (figure.getAttribute('data-chart-kind') === 'line') return drawLines(figure, data)
    var horizontal = figure.getAttribute('data-chart-kind') === 'bar'
    var canvas = document.createElement('canvas')
    canvas.setAttribute('role', 'img')
    canvas.setAttribute('aria-label', 'Chart of the figures in the table beside it')
    figure.appendChild(canvas)
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: data.levels.map(function (level, i) {
          return { label: level.label, data: data.series[i], backgroundColor: colours[level.colour] || '#505a5f' }
        })
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: { x: { stacked: true, ticks: { font: font } }, y: { stacked: true, ticks: { font: font } } },
        plugins: { legend: { labels: { font: font } } }
      }
    })
  }

  document.querySelectorAll('[data-chart]').forEach(draw)
  // Redraw at print size so the printed board paper has charts that fit the page.
  function resizeAll () {
    Object.values(window.Chart.instances).forEach(function (chart) { chart.resize() })
  }
  window.addEventListener('beforeprint', resizeAll)
  window.addEventListener('afterprint', resizeAll)
  window.matchMedia('print').addEventListener('change', resizeAll)
})()
