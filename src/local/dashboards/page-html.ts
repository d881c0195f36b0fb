/** The one page of `cwlpipe dashboards serve`: a list of dashboards, the time picker, and the panels' grid. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>cwlpipe dashboards</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1c21; background: #f5f7fa; display: flex; min-height: 100vh; }
  nav { width: 230px; background: #25282f; color: #dfe5ef; padding: 16px 0; flex: none; }
  nav h1 { font-size: 16px; margin: 0 16px 12px; color: #fff; }
  nav a { display: block; padding: 8px 16px; color: #dfe5ef; text-decoration: none; }
  nav a.current { background: #3b4150; color: #fff; font-weight: 600; }
  main { flex: 1; padding: 16px 20px; min-width: 0; }
  header { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
  header h2 { margin: 0; font-size: 20px; flex: 1 1 auto; }
  header .description { width: 100%; color: #5a6170; margin: 0; }
  select, input, button { font: inherit; padding: 5px 8px; border: 1px solid #c5ccd8; border-radius: 4px; background: #fff; }
  button { background: #006bb8; color: #fff; border-color: #006bb8; cursor: pointer; }
  #custom { display: none; gap: 6px; align-items: center; }
  #custom.shown { display: flex; }
  #range-label { color: #5a6170; font-size: 12px; width: 100%; }
  .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
  .panel { background: #fff; border: 1px solid #d3dae6; border-radius: 6px; padding: 10px 12px; min-height: 300px; display: flex; flex-direction: column; }
  .panel.wide { grid-column: 1 / -1; }
  .panel h3 { margin: 0 0 8px; font-size: 14px; }
  .panel .body { position: relative; flex: 1; min-height: 240px; overflow: auto; }
  .panel .status { color: #69707d; font-size: 13px; }
  .panel[data-state="error"] .status { color: #bd271e; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eef1f6; white-space: nowrap; max-width: 360px; overflow: hidden; text-overflow: ellipsis; }
  th { background: #f5f7fa; position: sticky; top: 0; }
  td.number { text-align: right; font-variant-numeric: tabular-nums; }
  .metric { font-size: 44px; font-weight: 600; text-align: center; padding-top: 60px; }
</style>
</head>
<body>
<nav><h1>cwlpipe dashboards</h1><div id="dashboards"></div></nav>
<main>
  <header>
    <h2 id="title">…</h2>
    <label>Time range
      <select id="range">
        <option value="extent">All data (first to last document)</option>
        <option value="now-15m">Last 15 minutes</option>
        <option value="now-1h">Last hour</option>
        <option value="now-24h">Last 24 hours</option>
        <option value="now-7d">Last 7 days</option>
        <option value="now-30d">Last 30 days</option>
        <option value="now-1y">Last year</option>
        <option value="custom">Custom…</option>
      </select>
    </label>
    <span id="custom"><input id="from" type="datetime-local" step="1"> to <input id="to" type="datetime-local" step="1"> (UTC)</span>
    <button id="refresh" type="button">Refresh</button>
    <p class="description" id="description"></p>
    <span id="range-label"></span>
  </header>
  <div class="grid" id="panels"></div>
</main>
<script src="/vendor/chart.umd.min.js"></script>
<script src="/app.js"></script>
</body>
</html>
`;
