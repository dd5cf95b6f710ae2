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

  var lineColours = ['#1d70b8', '#0b0c0c', '#f47738', '#4c2c92', '#00703c']

  function drawLines (figure, data) {
    var canvas = document.createElement('canvas')
    canvas.setAttribute('role', 'img')
    canvas.setAttribute('aria-label', 'Chart of the figures in the table beside it')
    figure.appendChild(canvas)
    new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: data.labels,
        datasets: data.lines.map(function (line, i) {
          return {
            label: line.label,
            data: line.data,
            borderColor: lineColours[i % lineColours.length],
            backgroundColor: lineColours[i % lineColours.length],
            borderDash: i === 0 ? [] : [6, 3 * i],
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
        plugins: { legend: { labels: { font: font } } }
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
