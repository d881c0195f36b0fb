// The page's script, served as /app.js by `cwlpipe dashboards serve` (plain browser JavaScript, after
// Chart.js's own script, which defines `Chart`): lists the dashboards, resolves the time range, asks the
// server for each panel's table and draws it with Chart.js (charts), or as an HTML table (tables and saved
// searches) or a number (metrics). Each panel's element says how it went in `data-state` (loading, ready,
// empty, error) and `data-rows`, which the browser test reads.
'use strict';
// One closure around the whole script, so its names stay out of the window's globals.
(() => {
  const COLORS = [
    '#54b399',
    '#6092c0',
    '#d36086',
    '#9170b8',
    '#ca8eae',
    '#d6bf57',
    '#b9a888',
    '#da8b45',
    '#aa6556',
    '#e7664c',
  ];
  const state = { dashboards: [], current: null, charts: [] };
  const byId = (id) => document.getElementById(id);

  function currentDashboardId() {
    const match = /^\/dashboards\/([^/]+)/.exec(location.pathname);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function resolveRange() {
    const choice = byId('range').value;
    if (choice === 'custom') {
      return Promise.resolve({
        from: new Date(`${byId('from').value}Z`).toISOString(),
        to: new Date(`${byId('to').value}Z`).toISOString(),
      });
    }
    if (choice === 'extent') {
      return fetch('/api/extent')
        .then((r) => r.json())
        .then((extent) => {
          if (extent.from && extent.to) return extent;
          return relative('now-24h');
        });
    }
    return Promise.resolve(relative(choice));
  }

  function relative(expression) {
    const match = /^now-(\d+)([smhdwy])$/.exec(expression);
    const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, y: 3.1536e10 }[match[2]];
    const now = Date.now();
    return { from: new Date(now - Number(match[1]) * unit).toISOString(), to: new Date(now).toISOString() };
  }

  function renderList() {
    const list = byId('dashboards');
    list.innerHTML = '';
    state.dashboards.forEach((dashboard) => {
      const link = document.createElement('a');
      link.href = `/dashboards/${encodeURIComponent(dashboard.id)}${location.search}`;
      link.textContent = dashboard.title.replace(/^cwlpipe: /, '');
      link.dataset.dashboardId = dashboard.id;
      if (state.current && dashboard.id === state.current.id) link.className = 'current';
      list.appendChild(link);
    });
  }

  function refresh() {
    const dashboard = state.current;
    state.charts.forEach((chart) => {
      chart.destroy();
    });
    state.charts = [];
    byId('title').textContent = dashboard.title;
    byId('description').textContent = dashboard.description;
    document.title = dashboard.title;
    const grid = byId('panels');
    grid.innerHTML = '';
    const elements = dashboard.items.map((item) => {
      const panel = document.createElement('section');
      panel.className = `panel${item.kind === 'search' ? ' wide' : ''}`;
      panel.dataset.itemId = item.id;
      panel.dataset.chart = item.chart;
      panel.dataset.state = 'loading';
      const heading = document.createElement('h3');
      heading.textContent = item.title;
      const body = document.createElement('div');
      body.className = 'body';
      body.innerHTML = '<span class="status">Loading…</span>';
      panel.appendChild(heading);
      panel.appendChild(body);
      grid.appendChild(panel);
      return { item: item, panel: panel, body: body };
    });
    document.body.dataset.state = 'loading';
    return resolveRange()
      .then((range) => {
        byId('range-label').textContent = `From ${range.from} to ${range.to} (UTC)`;
        const query = `?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
        return Promise.all(
          elements.map((element) =>
            fetch(`/api/items/${encodeURIComponent(element.item.id)}${query}`)
              .then((r) => r.json())
              .then((answer) => {
                draw(element, answer);
              })
              .catch((error) => {
                fail(element, String(error));
              }),
          ),
        );
      })
      .then(() => {
        document.body.dataset.state = 'ready';
      });
  }

  function fail(element, message) {
    element.panel.dataset.state = 'error';
    element.body.innerHTML = '';
    const status = document.createElement('span');
    status.className = 'status';
    status.textContent = `The search failed: ${message}`;
    element.body.appendChild(status);
  }

  function draw(element, answer) {
    if (answer.error) return fail(element, answer.error);
    const table = answer.table;
    element.panel.dataset.rows = String(table.rows.length);
    element.panel.dataset.total = String(table.total);
    element.body.innerHTML = '';
    if (table.rows.length === 0) {
      element.panel.dataset.state = 'empty';
      element.body.innerHTML = '<span class="status">No results in this time range.</span>';
      return;
    }
    const item = element.item;
    if (item.chart === 'table' || item.chart === 'search') drawTable(element.body, table, item);
    else if (item.chart === 'metric') drawMetric(element.body, table, item);
    else drawChart(element.body, table, item);
    element.panel.dataset.state = 'ready';
  }

  function formatCell(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
    return String(value);
  }

  function drawTable(body, table, item) {
    const element = document.createElement('table');
    const head = element.createTHead().insertRow();
    table.columns.forEach((column) => {
      const cell = document.createElement('th');
      cell.textContent = column;
      head.appendChild(cell);
    });
    const rows = element.createTBody();
    table.rows.forEach((row) => {
      const line = rows.insertRow();
      row.forEach((value, index) => {
        const cell = line.insertCell();
        // Bucket keys (ports, ids) read as they are; metric values get thousands separators.
        cell.textContent =
          item.chart === 'search' || index < item.buckets
            ? String(value === null ? '' : value)
            : formatCell(value);
        cell.title = cell.textContent;
        if (typeof value === 'number') cell.className = 'number';
      });
    });
    body.appendChild(element);
  }

  function drawMetric(body, table, item) {
    const row = table.rows[0];
    const value = document.createElement('div');
    value.className = 'metric';
    value.textContent = formatCell(row[item.buckets]);
    body.appendChild(value);
  }

  function label(value, isTime) {
    if (isTime && typeof value === 'string')
      return value
        .replace('T', ' ')
        .replace(/:00\.000Z$|\.000Z$/, '')
        .replace(/Z$/, '');
    return formatCell(value);
  }

  function drawChart(body, table, item) {
    const canvas = document.createElement('canvas');
    body.appendChild(canvas);
    const isTime = item.time === true;
    const metricColumns = table.columns.slice(item.buckets);
    const xs = [];
    table.rows.forEach((row) => {
      const x = label(row[0], isTime);
      if (xs.indexOf(x) < 0) xs.push(x);
    });
    const datasets = [];
    if (item.buckets >= 2) {
      const series = {};
      table.rows.forEach((row) => {
        const name = formatCell(row[1]);
        if (!series[name]) series[name] = xs.map(() => 0);
        series[name][xs.indexOf(label(row[0], isTime))] = row[item.buckets];
      });
      Object.keys(series).forEach((name) => {
        datasets.push({ label: name, data: series[name] });
      });
    } else {
      metricColumns.forEach((column, index) => {
        const values = xs.map(() => 0);
        table.rows.forEach((row) => {
          values[xs.indexOf(label(row[0], isTime))] = row[item.buckets + index];
        });
        datasets.push({ label: column, data: values });
      });
    }
    const type =
      { line: 'line', area: 'line', histogram: 'bar', horizontal_bar: 'bar', pie: 'doughnut' }[item.chart] ||
      'bar';
    datasets.forEach((dataset, index) => {
      const color = COLORS[index % COLORS.length];
      if (type === 'doughnut') {
        dataset.backgroundColor = xs.map((_, i) => COLORS[i % COLORS.length]);
      } else {
        dataset.backgroundColor = item.chart === 'area' ? `${color}99` : color;
        dataset.borderColor = color;
        dataset.fill = item.chart === 'area';
        dataset.pointRadius = 2;
      }
    });
    const stacked = item.chart === 'histogram' || item.chart === 'area';
    const options = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: type === 'doughnut' ? 'right' : 'bottom', labels: { boxWidth: 12 } } },
    };
    if (type !== 'doughnut') {
      options.indexAxis = item.chart === 'horizontal_bar' ? 'y' : 'x';
      options.scales = {
        x: { stacked: stacked, ticks: { maxRotation: 0, autoSkip: true } },
        y: { stacked: stacked, beginAtZero: true },
      };
    }
    state.charts.push(
      new Chart(canvas, { type: type, data: { labels: xs, datasets: datasets }, options: options }),
    );
  }

  function init() {
    const params = new URLSearchParams(location.search);
    const choice = params.get('range');
    if (choice) byId('range').value = choice;
    if (params.get('from') && params.get('to')) {
      byId('range').value = 'custom';
      byId('from').value = params.get('from').replace(/Z$/, '').slice(0, 19);
      byId('to').value = params.get('to').replace(/Z$/, '').slice(0, 19);
    }
    byId('custom').className = byId('range').value === 'custom' ? 'shown' : '';
    byId('range').addEventListener('change', () => {
      byId('custom').className = byId('range').value === 'custom' ? 'shown' : '';
      if (byId('range').value !== 'custom') refresh();
    });
    byId('refresh').addEventListener('click', () => {
      refresh();
    });
    fetch('/api/dashboards')
      .then((r) => r.json())
      .then((dashboards) => {
        state.dashboards = dashboards;
        const wanted = currentDashboardId();
        state.current = dashboards.filter((d) => d.id === wanted)[0] || dashboards[0];
        renderList();
        return refresh();
      });
  }

  init();
})();
