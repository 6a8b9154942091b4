/// The one stylesheet, served at `/assets/app.css`. Plain CSS, no framework; CJK fonts first for Chinese text.
enum Stylesheet {
    static let css = """
    :root {
      --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --bg: #f5f7fa; --card: #ffffff;
      --brand: #b3261e; --brand-dark: #8c1d18; --accent: #0f609b; --ok: #2f855a; --warn: #b7791f; --bad: #c53030;
      font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", -apple-system, "Segoe UI", Roboto, sans-serif;
      color: var(--ink); font-size: 15px; line-height: 1.5;
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); }
    a { color: var(--accent); text-decoration: none; }
    a:hover { text-decoration: underline; }
    h1 { font-size: 1.35rem; margin: 0; font-weight: 600; }
    h2 { font-size: 1.05rem; margin: 0 0 .75rem; font-weight: 600; }
    .shell { display: flex; min-height: 100vh; }
    .sidebar { width: 220px; background: #1f2933; color: #cbd2d9; padding: 1.25rem 0; flex-shrink: 0; }
    .brand { display: flex; align-items: center; gap: .6rem; color: #fff; font-weight: 600; font-size: 1.05rem; padding: 0 1.25rem 1.25rem; }
    .brand:hover { text-decoration: none; }
    .brand-mark { display: inline-grid; place-items: center; width: 2rem; height: 2rem; border-radius: .5rem; background: var(--brand); color: #fff; font-size: 1.1rem; }
    .sidebar nav a { display: block; color: #cbd2d9; padding: .5rem 1.25rem; border-left: 3px solid transparent; }
    .sidebar nav a:hover { background: #323f4b; text-decoration: none; color: #fff; }
    .sidebar nav a.current { border-left-color: var(--brand); background: #323f4b; color: #fff; }
    .nav-section { text-transform: uppercase; font-size: .72rem; letter-spacing: .06em; color: #7b8794; padding: 1rem 1.25rem .3rem; }
    .main { flex: 1; min-width: 0; }
    .topbar { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .9rem 2rem; background: var(--card); border-bottom: 1px solid var(--line); }
    .topbar-tools { display: flex; align-items: center; gap: .9rem; }
    .user-chip { color: var(--muted); font-size: .9rem; }
    .content { padding: 1.5rem 2rem 3rem; max-width: 1200px; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: 1.25rem 1.5rem; margin-bottom: 1.25rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 1rem; margin-bottom: 1.25rem; }
    .stat { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: 1rem 1.25rem; }
    .stat .value { font-size: 1.8rem; font-weight: 600; }
    .stat .label { color: var(--muted); font-size: .85rem; }
    .toolbar { display: flex; justify-content: space-between; align-items: center; margin-bottom: 1rem; gap: 1rem; flex-wrap: wrap; }
    table { width: 100%; border-collapse: collapse; background: var(--card); }
    th, td { text-align: left; padding: .6rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-size: .8rem; color: var(--muted); font-weight: 600; background: #fafbfc; }
    tr:last-child td { border-bottom: none; }
    .table-card { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; overflow: hidden; }
    table.compact { width: auto; min-width: 60%; }
    table.compact td { padding: .4rem 1.5rem .4rem 0; border-bottom: 1px solid var(--line); }
    .pill { display: inline-block; padding: .1rem .55rem; border-radius: 1rem; font-size: .78rem; background: #e4e7eb; color: var(--ink); }
    .pill.ok { background: #e3f9e5; color: #207227; }
    .pill.off { background: #fde8e8; color: #9b1c1c; }
    .button, button { font: inherit; cursor: pointer; border-radius: .4rem; border: 1px solid var(--brand); background: var(--brand); color: #fff; padding: .45rem 1rem; display: inline-block; }
    .button:hover, button:hover { background: var(--brand-dark); text-decoration: none; }
    .button.ghost, button.ghost { background: transparent; color: var(--ink); border-color: var(--line); }
    .button.ghost:hover, button.ghost:hover { background: #f0f2f5; }
    .button.danger, button.danger { background: #fff; color: var(--bad); border-color: #f5b5b5; }
    .lang-switch { display: inline-flex; border: 1px solid var(--line); border-radius: .4rem; overflow: hidden; }
    .lang-switch button { background: #fff; color: var(--muted); border: none; border-radius: 0; padding: .3rem .7rem; font-size: .85rem; }
    .lang-switch button.current { background: var(--ink); color: #fff; }
    form.stacked { max-width: 560px; }
    .field { margin-bottom: 1rem; }
    .field label { display: block; font-weight: 500; margin-bottom: .3rem; }
    .field input[type=text], .field input[type=email], .field input[type=password], .field input[type=date],
    .field input[type=datetime-local], .field input[type=number], .field input[type=search], .field input[type=file], .field select, .field textarea {
      width: 100%; padding: .55rem .7rem; border: 1px solid #cbd2d9; border-radius: .4rem; font: inherit; background: #fff; }
    .field input:focus, .field select:focus { outline: 2px solid #9fc5e8; border-color: var(--accent); }
    .field.checkbox label { font-weight: 400; }
    .field.has-error input, .field.has-error select { border-color: var(--bad); background: #fff8f8; }
    .field-error { color: var(--bad); font-size: .85rem; margin: .3rem 0 0; }
    .hint { color: var(--muted); font-size: .82rem; margin: .3rem 0 0; }
    .req { color: var(--bad); }
    .form-actions { display: flex; gap: .6rem; margin-top: 1.25rem; }
    .banner { padding: .7rem 1rem; border-radius: .4rem; margin-bottom: 1rem; }
    .banner.error { background: #fde8e8; color: #9b1c1c; border: 1px solid #f8b4b4; }
    .notice { padding: .7rem 1rem; border-radius: .4rem; margin-bottom: 1rem; background: #e3f9e5; color: #207227; border: 1px solid #a3e6b0; }
    .center-page { min-height: 100vh; display: flex; flex-direction: column; align-items: center; justify-content: center; padding: 2rem; background: linear-gradient(135deg, #fdf2f2 0%, #f5f7fa 45%, #eef4fb 100%); }
    .lang-corner { position: absolute; top: 1.25rem; right: 1.5rem; }
    .login-card { width: 100%; max-width: 400px; background: #fff; border: 1px solid var(--line); border-radius: .8rem; padding: 2rem 2.25rem; box-shadow: 0 10px 30px rgba(31,41,51,.08); }
    .login-card .brand { color: var(--ink); padding: 0 0 1rem; font-size: 1.2rem; }
    .login-card p.sub { color: var(--muted); margin: 0 0 1.5rem; }
    .login-card button[type=submit] { width: 100%; padding: .6rem; }
    .muted { color: var(--muted); }
    .changes { margin: 0; padding: 0; list-style: none; font-size: .85rem; }
    .changes code { background: #f0f2f5; padding: 0 .3rem; border-radius: .25rem; }
    .filters { display: flex; gap: .6rem; align-items: flex-end; flex-wrap: wrap; }
    .filters .field { margin: 0; }
    .pager { display: flex; gap: .6rem; margin-top: 1rem; }
    .field textarea { font: inherit; }
    .filters .field input, .filters .field select { min-width: 9rem; }
    .columns { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1.25rem; }
    .columns > div > .card { margin-bottom: 1.25rem; }
    .grid-form { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 0 1rem; }
    dl.profile { display: grid; grid-template-columns: minmax(5rem, 40%) minmax(0, 1fr); gap: .35rem 1.25rem; margin: 0; }
    dl.profile dt { color: var(--muted); }
    dl.profile dd { margin: 0; }
    /* Long labels, web addresses and e-mails wrap inside their card instead of widening the page. */
    dl.profile dt, dl.profile dd, td, .timeline li, .card p { overflow-wrap: anywhere; min-width: 0; }
    .timeline { list-style: none; margin: 0; padding: 0; }
    .timeline li { border-left: 3px solid var(--line); padding: .2rem 0 .8rem 1rem; }
    .timeline .meta { color: var(--muted); font-size: .85rem; }
    .pill.warn { background: #fefcbf; color: #744210; }
    .pill.bad { background: #fde8e8; color: #9b1c1c; }
    .reminder-bar { background: #fffbea; border: 1px solid #f6e05e; color: #744210; padding: .6rem 1rem; border-radius: .4rem; margin-bottom: 1rem; }
    .spaced { margin-top: 1.25rem; }
    progress.progress { display: block; width: 100%; height: 1.2rem; appearance: none; border: 0; background: #e4e7eb; border-radius: .6rem; overflow: hidden; }
    progress.progress::-webkit-progress-bar { background: #e4e7eb; }
    progress.progress::-webkit-progress-value { background: var(--accent); }
    progress.progress::-moz-progress-bar { background: var(--accent); }
    details.more summary { cursor: pointer; color: var(--accent); margin: .5rem 0; }
    @media (max-width: 960px) { .columns { grid-template-columns: 1fr; } }
    .inline { display: inline; }
    /* Sales: amounts right-aligned in tabular figures, status pills, the pipeline board, charts and documents. */
    .num, td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .pill.info { background: #e0effa; color: #0b4f80; }
    .table-scroll { overflow-x: auto; }
    .pre { white-space: pre-wrap; }
    .fixed-value { padding: .55rem 0; font-weight: 500; }
    .default-submit { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
    .actions { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
    table.line-editor th, table.line-editor td { padding: .35rem .4rem; }
    table.line-editor input, table.line-editor select { width: 100%; padding: .4rem .5rem; border: 1px solid #cbd2d9; border-radius: .35rem; font: inherit; background: #fff; }
    table.line-editor input.num { min-width: 5.5rem; }
    table.line-editor td:nth-child(2) { min-width: 14rem; }
    table.line-editor td:nth-child(3) { min-width: 12rem; }
    table.line-editor input[aria-invalid=true] { border-color: var(--bad); background: #fff8f8; }
    table.line-editor tr.line-errors td { border-bottom: none; padding-top: 0; }
    table.lines td .pill { margin-left: .3rem; }
    table.totals { width: 100%; }
    table.totals th { background: none; font-size: .9rem; color: var(--muted); font-weight: 500; }
    table.totals tr.grand th, table.totals tr.grand td, tfoot tr.grand th, tfoot tr.grand td { color: var(--ink); font-weight: 600; font-size: 1.05rem; border-top: 2px solid var(--ink); }
    .board { display: flex; gap: 1rem; overflow-x: auto; align-items: flex-start; padding-bottom: .5rem; }
    .board-column { flex: 0 0 260px; background: #eef1f5; border: 1px solid var(--line); border-radius: .6rem; padding: .75rem; }
    .column-head h2 { font-size: .95rem; margin: 0 0 .35rem; }
    .column-figures { display: flex; flex-direction: column; font-size: .82rem; color: var(--muted); margin-bottom: .6rem; }
    .column-figures strong { color: var(--ink); font-variant-numeric: tabular-nums; }
    .board-card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .65rem .75rem; margin-bottom: .6rem; box-shadow: 0 1px 2px rgba(31,41,51,.06); }
    .board-card.has-error { border-color: var(--bad); }
    .board-card .card-title { display: block; font-weight: 600; margin: .15rem 0; }
    .card-figures { display: flex; justify-content: space-between; gap: .5rem; font-size: .9rem; }
    .card-move { display: grid; grid-template-columns: 1fr auto; gap: .35rem; margin-top: .5rem; }
    .card-move select, .card-move input { font: inherit; font-size: .82rem; padding: .3rem .4rem; border: 1px solid #cbd2d9; border-radius: .35rem; min-width: 0; }
    .card-move input { grid-column: 1 / -1; grid-row: 2; }
    .card-move button { padding: .3rem .6rem; font-size: .82rem; }
    .card-move .field-error { grid-column: 1 / -1; }
    .empty-column { font-size: .85rem; }
    svg.chart { width: 100%; height: auto; max-height: 300px; }
    svg.chart .bar.amount, .swatch.amount { fill: #9fc5e8; background: #9fc5e8; }
    svg.chart .bar.weighted, .swatch.weighted { fill: var(--accent); background: var(--accent); }
    svg.chart .axis { stroke: #9aa5b1; stroke-width: 1; }
    svg.chart .axis-label { fill: var(--muted); font-size: 11px; }
    .legend { font-size: .85rem; color: var(--muted); }
    .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: .15rem; vertical-align: middle; margin-left: .6rem; }
    .mini-stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: .6rem; margin-bottom: .75rem; }
    .mini-stat { background: #f7f9fb; border: 1px solid var(--line); border-radius: .45rem; padding: .5rem .7rem; }
    .mini-stat .label { color: var(--muted); font-size: .78rem; }
    .mini-stat .value { font-size: 1.1rem; font-weight: 600; text-align: left; }
    .panel-actions { display: flex; gap: .5rem; flex-wrap: wrap; margin-bottom: .75rem; }
    table.panel-table td, table.panel-table th { padding: .4rem .5rem; }
    .card h3 { font-size: .92rem; margin: 1rem 0 .4rem; color: var(--muted); font-weight: 600; }
    tr.current td { background: #fffbea; }
    .stat .value.num { text-align: left; font-size: 1.45rem; }
    table.compact-lines td, table.compact-lines th { padding: .35rem .4rem; }
    table.compact-lines input { width: 6rem; padding: .35rem .5rem; border: 1px solid #cbd2d9; border-radius: .35rem; font: inherit; }
    .print-doc { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: 2rem 2.25rem; }
    .doc-head { display: flex; justify-content: space-between; gap: 2rem; border-bottom: 2px solid var(--ink); padding-bottom: 1rem; margin-bottom: 1rem; }
    .doc-head h1 { font-size: 1.6rem; letter-spacing: .1em; margin-bottom: .4rem; }
    .doc-head h2 { font-size: 1.2rem; }
    .doc-title { text-align: right; }
    .doc-customer { margin-bottom: 1.25rem; }
    .doc-customer h3, .doc-notes h3 { font-size: .85rem; color: var(--muted); margin: 0 0 .3rem; }
    .doc-totals { display: flex; flex-direction: column; align-items: flex-end; margin-top: 1rem; }
    .doc-totals table.totals { width: auto; min-width: 320px; }
    .print-doc .table-card { border-radius: 0; }
    @media print {
      body { background: #fff; }
      .sidebar, .topbar, .notice, .reminder-bar, .no-print, button, .button { display: none !important; }
      .content { padding: 0; max-width: none; }
      .print-doc { border: none; padding: 0; }
      a { color: inherit; }
      th { background: #fff; }
    }
    /* Narrow screens: the sidebar becomes a bar of links that scrolls sideways, and the title keeps its own line. */
    @media (max-width: 760px) {
      .shell { flex-direction: column; }
      .sidebar { width: 100%; padding: .5rem 0 0; }
      .brand { padding: 0 1rem .4rem; }
      .sidebar nav { display: flex; overflow-x: auto; }
      .sidebar nav a { border-left: none; border-bottom: 3px solid transparent; padding: .4rem .8rem; white-space: nowrap; }
      .sidebar nav a.current { border-bottom-color: var(--brand); }
      .nav-section { display: none; }
      .content, .topbar { padding: 1rem; }
      .topbar { flex-wrap: wrap; }
      .topbar h1 { flex: 1 1 100%; }
      .topbar-tools { flex-wrap: wrap; }
    }
    """
}
