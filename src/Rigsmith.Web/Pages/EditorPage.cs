using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Rigsmith.Analysis;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Planning;
using Rigsmith.Reporting;
using Rigsmith.Reports;
using Rigsmith.Web.Editor;
using Rigsmith.Web.Storage;
using static Rigsmith.Web.Pages.PageLayout;

namespace Rigsmith.Web.Pages;

/// <summary>
/// The editor: the parts as a form, a part picker that lists only what works with the parts chosen, the rig file
/// beside them, and the report below, all one HTML form. Without script every button posts the form and the page
/// comes back redrawn; with htmx a change redraws only the live part of the page, and typing in the picker's search
/// redraws only its results. Every control has an id, so htmx gives focus back to the same control after a redraw (a
/// keyboard user is not thrown to the top), and redraws run one after another (hx-sync queue), each sending the form as
/// the one before left it, so no choice is lost to a redraw still in flight.
/// </summary>
public static class EditorPage
{
    /// <summary>How many parts the picker lists (a screenful; the search narrows it).</summary>
    public const int PickerRows = 20;

    public static readonly (string Key, string Label)[] Categories =
    [
        ("cpu", "CPU"), ("motherboard", "Motherboard"), ("memory", "Memory"), ("gpu", "GPU"), ("storage", "Storage"), ("psu", "Power supply"),
        ("chassis", "Case or frame"),
    ];

    /// <summary>
    /// What a choice of part, a removal or an edit of the rig file redraws: the parts form (the target) and, from the same
    /// answer, the rig file, the report and the picker's results (whose compatibility filter follows the parts).
    /// </summary>
    private const string Redraw =
        "hx-post=\"/edit\" hx-target=\"#live-parts\" hx-select=\"#live-parts\" hx-swap=\"outerHTML\" hx-select-oob=\"#live-rest,#picker-results\"";

    /// <summary>
    /// What a typed change redraws: the rig file and the report only. Not the form being typed in (a redraw there could
    /// replace a field while the next is being typed) and not the picker's results (a change fires as the search box
    /// loses focus to a result's button, and a redraw there would move the button from under the click).
    /// </summary>
    private const string RedrawReport =
        "hx-post=\"/edit\" hx-target=\"#live-rest\" hx-select=\"#live-rest\" hx-swap=\"outerHTML\"";

    public static IEndpointRouteBuilder MapEditorPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/new", New).ExcludeFromDescription();
        app.MapPost("/edit", Post).RequireRateLimiting(WebApp.ComputePolicy).ExcludeFromDescription();
        return app;
    }

    private static IResult New(HttpContext context, IAntiforgery antiforgery, DataSources data, string? example)
    {
        if (data.Catalog is not { Ok: true })
            return CatalogUnavailable();
        // No value is filled in for the user: the site's mains and breaker decide verdicts, so the empty rig asks for them.
        var yaml = "name: \"New rig\"\n";
        if (example is not null && Examples.Read(example) is { } text)
            yaml = text;
        var draft = RigDraft.FromYaml(yaml) ?? new RigDraft();
        var state = EditorState.Check(draft, yaml, data, null, null, "cpu", null);
        return Render(context, antiforgery, data, state, "New build");
    }

    /// <summary>Every button of the editor and every htmx redraw: read the side that was edited, apply the action, check.</summary>
    private static async Task<IResult> Post(HttpContext context, IAntiforgery antiforgery, DataSources data, BuildStore store, CancellationToken cancel)
    {
        if (await ReadFormAsync(context, antiforgery, cancel) is not { } form)
            return FormRefused();
        // Every post of the editor carries its rig file; one without is not the editor's (a request htmx sent for an
        // element already swapped out carries no form). Drawing it would show an empty rig, so it is refused: htmx
        // swaps nothing on a 4xx answer.
        if (!form.ContainsKey("yaml"))
            return Page("Not the editor", Notice("error", "<p>This request did not come from the editor's form; open <a href=\"/new\">the editor</a>.</p>"), StatusCodes.Status400BadRequest);
        if (data.Catalog is not { Ok: true } loaded)
            return CatalogUnavailable();
        var catalog = loaded.Value!;
        var action = form["do"].ToString() is { Length: > 0 } a ? a : null;
        var trigger = context.Request.Headers["HX-Trigger-Name"].ToString();
        var yamlText = form["yaml"].ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        // The side the user edited is the truth. With htmx each edit redraws the other side at once, and the request names
        // the field edited; without script the page only knows which side changed since it was drawn: the YAML did if it
        // no longer matches the fingerprint drawn with it (then any button but "Apply the form" reads the YAML, so a YAML
        // edit is never lost to a save).
        var yamlEdited = form["yaml_drawn"].ToString() != Fingerprint(yamlText);
        var htmx = context.Request.Headers.ContainsKey("HX-Request");
        var fromYaml = action == "yaml" || trigger == "yaml" || (!htmx && yamlEdited && action != "form");
        var draft = fromYaml ? RigDraft.FromYaml(yamlText) ?? EditorState.ReadForm(form) : EditorState.ReadForm(form);
        var notice = EditorState.Apply(draft, action, catalog);
        // The YAML is kept as typed (with its comments) unless the form or a button changed the rig.
        var yaml = fromYaml && !EditorState.Changes(action) ? yamlText : draft.ToYaml();

        var category = Categories.Any(c => c.Key == form["pick_category"]) ? form["pick_category"].ToString() : "gpu";
        var query = form["q"].ToString() is { Length: > 0 } q ? q : null;
        // Typing in the picker's search or choosing its category redraws only its list: no check, no report.
        if (htmx && trigger is "q" or "pick_category")
        {
            var results = new StringBuilder();
            PickerResults(results, new EditorState { Draft = draft, Yaml = yaml, PickCategory = category, Query = query }, catalog);
            return TypedResults.Content(results.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
        }

        var buildId = form["build"].ToString() is { Length: > 0 } id && EditTokens.IsWellFormedId(id) ? id : null;
        var version = int.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
        var state = EditorState.Check(draft, yaml, data, buildId, version, category, query);

        if (action == "save")
            return await BuildEdits.SaveAsync(context, antiforgery, data, store, state, cancel);
        return Render(context, antiforgery, data, state, buildId is null ? "New build" : "Edit " + draft.Name, notice is null ? null : Notice("warning", E(notice)));
    }

    public static IResult Render(HttpContext context, IAntiforgery antiforgery, DataSources data, EditorState state, string title, string? banner = null, int status = StatusCodes.Status200OK)
    {
        var catalog = data.Catalog.Value!;
        var h = new StringBuilder();
        h.Append("<h1>").Append(E(title)).Append("</h1>\n");
        if (banner is not null)
            h.Append(banner);
        h.Append("<form id=\"editor\" method=\"post\" action=\"/edit\" hx-disinherit=\"*\" hx-trigger=\"change\" hx-sync=\"this:queue all\" ").Append(RedrawReport).Append(">\n")
            .Append(AntiforgeryField(context, antiforgery));
        if (state.BuildId is { } id)
        {
            h.Append("<input type=\"hidden\" name=\"build\" value=\"").Append(E(id)).Append("\">\n")
                .Append("<input type=\"hidden\" name=\"version\" value=\"").Append(state.Version?.ToString(CultureInfo.InvariantCulture)).Append("\">\n");
        }

        // The picker's own controls stay put while the rest is redrawn around them: what a person is typing or choosing
        // there is never replaced under them.
        // Two columns on a wide screen: the picker and the parts; the rig file and its report beside them.
        h.Append("<div class=\"editor\">\n<div class=\"column\">\n");
        Picker(h, state, catalog);
        h.Append("<div id=\"live-parts\">\n");
        PartsForm(h, state, catalog);
        h.Append("</div>\n</div>\n<div class=\"column\" id=\"live-rest\">\n");
        YamlPane(h, state);
        ReportPane(h, state, data);
        h.Append("</div>\n</div>\n");
        Actions(h, state);
        h.Append("</form>\n");
        return Page(title, h.ToString(), status);
    }

    private static void PartsForm(StringBuilder h, EditorState state, PartCatalog catalog)
    {
        var d = state.Draft;
        h.Append("<section class=\"pane parts\" aria-labelledby=\"parts-heading\">\n<h2 id=\"parts-heading\">Parts</h2>\n");
        Input(h, "name", "Build name", d.Name, "text");
        h.Append("<fieldset><legend>Wall circuit and room</legend>\n<div class=\"row\">");
        Input(h, "site.mains", "Mains voltage", d.Mains, "text", "230 V");
        Input(h, "site.breaker", "Breaker", d.Breaker, "text", "16 A");
        Input(h, "site.ambient", "Room temperature", d.Ambient, "text", "25 °C");
        Input(h, "site.continuous_load", "Continuous load allowed", d.ContinuousLoad, "text", "80 %");
        h.Append("</div></fieldset>\n");
        h.Append("<fieldset><legend>Platform</legend>\n");
        PartInput(h, "cpu", "CPU", d.Cpu, catalog);
        Input(h, "cpu_count", "CPUs", d.CpuCount.ToString(CultureInfo.InvariantCulture), "number", min: 1);
        PartInput(h, "motherboard", "Motherboard", d.Motherboard, catalog);
        PartInput(h, "chassis", "Case or frame", d.Chassis, catalog);
        h.Append("</fieldset>\n");

        Rows(h, "memory", "Memory", d.Memory.Count, i =>
        {
            var m = d.Memory[i];
            PartInput(h, $"memory.part", "Module", m.Part, catalog, i);
            Input(h, "memory.count", "Modules", m.Count.ToString(CultureInfo.InvariantCulture), "number", index: i, min: 1);
            Hidden(h, "memory.note", m.Note);
        });
        var board = d.Motherboard is null ? null : catalog.Find(d.Motherboard) as Motherboard;
        Rows(h, "gpu", "GPUs", d.Gpus.Count, i =>
        {
            var g = d.Gpus[i];
            PartInput(h, "gpu.part", "Card", g.Part, catalog, i);
            Choice(h, "gpu.slot", "Slot", g.Slot, board?.Slots.Select(s => (s.Id, $"{s.Id} (x{s.MechanicalWidth.ToString(CultureInfo.InvariantCulture)})")), i);
            Input(h, "gpu.power_limit", "Power limit", g.PowerLimit, "text", "default", index: i);
            Hidden(h, "gpu.riser", g.Riser);
            Hidden(h, "gpu.display", g.Display ? "true" : null);
            Hidden(h, "gpu.note", g.Note);
        });
        Rows(h, "storage", "Storage", d.Storage.Count, i =>
        {
            var s = d.Storage[i];
            PartInput(h, "storage.part", "Drive", s.Part, catalog, i);
            Choice(h, "storage.attach", "Attached to", s.Attach,
                board is null ? null : new[] { ("sata", "a SATA port") }.Concat(board.Ports.Select(p => (p.Id, $"{p.Id} ({MapReader.EnumName(p.Kind)})")))
                    .Concat(board.Slots.Select(x => (x.Id, $"{x.Id} (slot)"))), i);
            Hidden(h, "storage.adapter", s.Adapter);
            Hidden(h, "storage.note", s.Note);
        });
        Rows(h, "psu", "Power supplies", d.Psus.Count, i =>
        {
            var p = d.Psus[i];
            PartInput(h, "psu.part", "Power supply", p.Part, catalog, i);
            Input(h, "psu.count", "How many", p.Count.ToString(CultureInfo.InvariantCulture), "number", index: i, min: 1);
            Hidden(h, "psu.note", p.Note);
        });

        h.Append("<fieldset><legend>Training job</legend>\n<p class=\"hint\">The workload keys of a rig file (docs/training.md): model, method, optimizer, precision, batch, gpus…</p>\n");
        for (var i = 0; i <= d.Workload.Count; i++)
        {
            var (key, value) = i < d.Workload.Count ? d.Workload[i] : new("", "");
            h.Append("<div class=\"row\">");
            Input(h, "workload.key", "Setting", key, "text", "model", index: i);
            Input(h, "workload.value", "Value", value, "text", "sdxl", index: i);
            if (i < d.Workload.Count)
                RemoveButton(h, "workload", i, key);
            h.Append("</div>\n");
        }

        h.Append("</fieldset>\n<p><button type=\"submit\" name=\"do\" value=\"form\">Apply the form</button></p>\n</section>\n");
    }

    private static void Picker(StringBuilder h, EditorState state, PartCatalog catalog)
    {
        h.Append("<section class=\"pane picker\" aria-labelledby=\"picker-heading\">\n<h2 id=\"picker-heading\">Find parts</h2>\n<div class=\"row\">");
        h.Append("<p class=\"field\"><label for=\"pick_category\">Category</label><select id=\"pick_category\" name=\"pick_category\" hx-post=\"/edit\" hx-trigger=\"change consume\" hx-target=\"#picker-results\" hx-select=\"#picker-results\" hx-swap=\"outerHTML\">");
        foreach (var (key, label) in Categories)
            h.Append("<option value=\"").Append(key).Append('"').Append(key == state.PickCategory ? " selected" : "").Append('>').Append(E(label)).Append("</option>");
        h.Append("</select></p>\n<p class=\"field\"><label for=\"q\">Search</label><input type=\"search\" id=\"q\" name=\"q\" value=\"").Append(E(state.Query))
            .Append("\" placeholder=\"3090 blower\" autocomplete=\"off\" hx-post=\"/edit\" hx-trigger=\"input changed delay:300ms, search\" hx-target=\"#picker-results\" hx-select=\"#picker-results\" hx-swap=\"outerHTML\"></p>\n")
            .Append("<p class=\"field\"><button type=\"submit\" name=\"do\" value=\"search\">Search</button></p></div>\n");

        PickerResults(h, state, catalog);
        h.Append("</section>\n");
    }

    /// <summary>The picker's list: the best parts of the category that match the search and work with the parts chosen.</summary>
    private static void PickerResults(StringBuilder h, EditorState state, PartCatalog catalog)
    {
        var (category, _) = PartSearch.CategoryNamed(state.PickCategory);
        var (parts, hidden) = PartCompatibility.Matching(catalog, state.Query, category ?? PartCategory.Gpu, state.Selection(catalog), PickerRows);
        h.Append("<div id=\"picker-results\" aria-live=\"polite\">\n<p class=\"hint\">")
            .Append(parts.Count == 0 ? "No part matches" : $"The best {parts.Count} that work with the parts chosen")
            .Append(hidden > 0 ? $"; {hidden} more match but conflict with them" : "").Append(".</p>\n<ul class=\"results\">\n");
        foreach (var part in parts)
        {
            var add = part.Category is PartCategory.Cpu or PartCategory.Motherboard or PartCategory.Chassis ? "Use" : "Add";
            h.Append("<li><span class=\"part-name\">").Append(E(part.Name)).Append("</span> <code>").Append(E(part.Id)).Append("</code><br><span class=\"facts\">")
                .Append(E(PartFacts.Summary(part))).Append("</span> <button type=\"submit\" id=\"pick-").Append(E(part.Id)).Append("\" name=\"do\" value=\"pick:").Append(E(part.Id))
                .Append("\" hx-trigger=\"click\" hx-sync=\"closest form:queue all\" ").Append(Redraw).Append(" aria-label=\"").Append(add).Append(' ').Append(E(part.Name)).Append("\">").Append(add).Append("</button></li>\n");
        }

        h.Append("</ul>\n</div>\n");
    }

    private static void YamlPane(StringBuilder h, EditorState state)
    {
        h.Append("<section class=\"pane yaml\" aria-labelledby=\"yaml-heading\">\n<h2 id=\"yaml-heading\">Rig file</h2>\n")
            .Append("<p><label for=\"yaml\">The rig file as YAML. Editing it redraws the form; editing the form rewrites it (without its comments).</label></p>\n")
            .Append("<input type=\"hidden\" name=\"yaml_drawn\" value=\"").Append(Fingerprint(state.Yaml)).Append("\">\n")
            .Append("<textarea id=\"yaml\" name=\"yaml\" rows=\"28\" spellcheck=\"false\" autocapitalize=\"off\" hx-trigger=\"change consume\" hx-sync=\"closest form:queue all\" ").Append(Redraw).Append('>').Append(E(state.Yaml)).Append("</textarea>\n")
            .Append("<p><button type=\"submit\" name=\"do\" value=\"yaml\">Apply the YAML</button></p>\n");
        const string schemaLink = "<a href=\"/static/rig.schema.json\">rig schema</a>";
        if (state.SchemaViolations.Count == 0)
        {
            h.Append("<p class=\"hint\" id=\"schema\">").Append(RigSchema.Available ? $"Conforms to the {schemaLink}." : "").Append("</p>\n");
        }
        else
        {
            h.Append("<div class=\"notice warning\" id=\"schema\"><p>").Append(Headline.Plural(state.SchemaViolations.Count, "violation")).Append(" of the ").Append(schemaLink)
                .Append(" (what an editor with yaml-language-server marks):</p>\n<ul>\n");
            foreach (var v in state.SchemaViolations)
                h.Append("<li>line ").Append(v.Line.ToString(CultureInfo.InvariantCulture)).Append(", <code>").Append(E(v.Path)).Append("</code>: ").Append(E(v.Message)).Append("</li>\n");
            h.Append("</ul></div>\n");
        }

        if (state.Problems.Count > 0)
        {
            h.Append("<div class=\"notice error\" role=\"alert\"><p>The rig file has ").Append(Headline.Plural(state.Problems.Count, "problem"))
                .Append(" for rigsmith:</p>\n<ul class=\"problems\">\n");
            foreach (var p in state.Problems)
            {
                h.Append("<li>line ").Append(p.Line.ToString(CultureInfo.InvariantCulture)).Append(", <code>").Append(E(p.Field)).Append("</code>: ").Append(E(p.Message));
                if (p.Suggestion is { } s)
                    h.Append(" <em>(").Append(E(s)).Append(")</em>");
                h.Append("</li>\n");
            }

            h.Append("</ul></div>\n");
        }

        h.Append("</section>\n");
    }

    /// <summary>A fingerprint of the rig file as drawn (SHA-256, hex): a later post tells from it whether the YAML was edited.</summary>
    public static string Fingerprint(string yaml) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(yaml.Replace("\r\n", "\n", StringComparison.Ordinal))));

    private static void ReportPane(StringBuilder h, EditorState state, DataSources data)
    {
        h.Append("<section class=\"pane report\" aria-labelledby=\"report-heading\">\n<h2 id=\"report-heading\">Report</h2>\n");
        if (state.Report is not { } report)
        {
            h.Append("<p>The report appears when the rig file has no problems.</p>\n</section>\n");
            return;
        }

        h.Append("<p class=\"verdict ").Append(JsonReport.VerdictName(report.Verdict)).Append("\" id=\"verdict\">Verdict: ")
            .Append(E(TextFormat.Verdict(report.Verdict))).Append(" — ")
            .Append(E(Headline.Counts(report.Count(Severity.Error), report.Count(Severity.Warning), report.Count(Severity.Info)))).Append("</p>\n");
        if (state.Rig!.Job is { } job)
            FitSection(h, state.Rig.Rig, job);
        h.Append("<div class=\"report-body\">\n").Append(HtmlReport.Body(report, data.PriceBook)).Append("</div>\n</section>\n");
    }

    /// <summary>The training estimate and the settings that fit (the search of <c>fit --search</c>).</summary>
    private static void FitSection(StringBuilder h, Rigs.RigModel rig, Training.TrainingJob job)
    {
        var plan = Planner.Build(rig, job, new PlanOptions(SearchTop: 5)).Training!;
        var e = plan.Estimate;
        var w = e.Worst;
        h.Append("<h3>Training job</h3>\n<p id=\"fit\">").Append(e.Fits ? "Fits" : "Does not fit")
            .Append(CultureInfo.InvariantCulture, $" ({E(MapReader.EnumName(e.Verdict))}): needs {w.Needed.Gibibytes:0.0} GiB of {w.Usable.Gibibytes:0.0} GiB usable on {E(w.Gpu)} (nvidia-smi would show about {w.Peak.Gibibytes:0.0}); ")
            .Append(CultureInfo.InvariantCulture, $"{e.StepTime.Value:0.###} s a step, {e.SamplesPerSecond:0.##} samples/s over {e.Gpus} GPUs.</p>\n");
        if (plan.Candidates.Count == 0)
            return;
        h.Append("<table><caption>Settings that fit, least compromise first</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Changes</th><th scope=\"col\">Needed GiB</th><th scope=\"col\">Samples/s</th></tr></thead><tbody>\n");
        var rank = 1;
        foreach (var c in plan.Candidates)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{rank++}</td><td>{E(c.Changes.Count == 0 ? "as requested" : string.Join(", ", c.Changes))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{c.Estimate.Worst.Needed.Gibibytes:0.0}</td><td>{c.Estimate.SamplesPerSecond:0.##}</td></tr>\n");
        }

        h.Append("</tbody></table>\n");
    }

    private static void Actions(StringBuilder h, EditorState state)
    {
        h.Append("<div class=\"actions\">\n<button type=\"submit\" class=\"primary\" name=\"do\" value=\"save\" id=\"save\">")
            .Append(state.BuildId is null ? "Save as a new build" : "Save a new version").Append("</button>\n")
            .Append("<label for=\"export-to\">Export as</label><select id=\"export-to\" name=\"to\">");
        foreach (var format in Exports.Formats)
            h.Append("<option value=\"").Append(format.Key).Append("\">").Append(E(format.Label)).Append("</option>");
        h.Append("</select><button type=\"submit\" formaction=\"/export\" formmethod=\"post\">Download</button>\n</div>\n");
    }

    private static void Rows(StringBuilder h, string list, string legend, int count, Action<int> row)
    {
        h.Append("<fieldset><legend>").Append(E(legend)).Append("</legend>\n");
        if (count == 0)
            h.Append("<p class=\"hint\">None yet: add one with Find parts.</p>\n");
        for (var i = 0; i < count; i++)
        {
            h.Append("<div class=\"row\">");
            row(i);
            RemoveButton(h, list, i, $"{legend} {i + 1}");
            h.Append("</div>\n");
        }

        h.Append("</fieldset>\n");
    }

    private static void RemoveButton(StringBuilder h, string list, int i, string what) =>
        h.Append("<p class=\"field\"><button type=\"submit\" id=\"remove-").Append(list).Append('-').Append(i.ToString(CultureInfo.InvariantCulture))
            .Append("\" name=\"do\" value=\"remove:").Append(list).Append(':').Append(i.ToString(CultureInfo.InvariantCulture))
            .Append("\" hx-trigger=\"click\" hx-sync=\"closest form:queue all\" ").Append(Redraw).Append(" aria-label=\"Remove ").Append(E(what)).Append("\">Remove</button></p>");

    private static string FieldId(string name, int? index) => name.Replace('.', '-') + (index is { } i ? "-" + i.ToString(CultureInfo.InvariantCulture) : "");

    private static void Input(StringBuilder h, string name, string label, string? value, string type, string? placeholder = null, int? index = null, int? min = null)
    {
        var id = FieldId(name, index);
        h.Append("<p class=\"field\"><label for=\"").Append(id).Append("\">").Append(E(label)).Append("</label><input type=\"").Append(type).Append("\" id=\"").Append(id)
            .Append("\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append('"');
        if (placeholder is not null)
            h.Append(" placeholder=\"").Append(E(placeholder)).Append('"');
        if (min is not null)
            h.Append(" min=\"").Append(min.Value.ToString(CultureInfo.InvariantCulture)).Append('"');
        h.Append("></p>");
    }

    /// <summary>A part by id, with the catalog's name under it (or that the catalog does not know the id).</summary>
    private static void PartInput(StringBuilder h, string name, string label, string? id, PartCatalog catalog, int? index = null)
    {
        var fieldId = FieldId(name, index);
        var part = id is null ? null : catalog.Find(id);
        h.Append("<p class=\"field part\"><label for=\"").Append(fieldId).Append("\">").Append(E(label)).Append("</label><input type=\"text\" id=\"").Append(fieldId)
            .Append("\" name=\"").Append(name).Append("\" value=\"").Append(E(id)).Append("\" spellcheck=\"false\" autocomplete=\"off\" hx-trigger=\"change consume\" hx-sync=\"closest form:queue all\" ")
            .Append(Redraw).Append(" aria-describedby=\"")
            .Append(fieldId).Append("-name\"><small id=\"").Append(fieldId).Append("-name\">")
            .Append(id is null ? "none chosen" : part is null ? "not in the catalog" : E(part.Name)).Append("</small></p>");
    }

    private static void Choice(StringBuilder h, string name, string label, string? value, IEnumerable<(string Value, string Label)>? options, int index)
    {
        var id = FieldId(name, index);
        h.Append("<p class=\"field\"><label for=\"").Append(id).Append("\">").Append(E(label)).Append("</label><select id=\"").Append(id).Append("\" name=\"").Append(name).Append("\">")
            .Append("<option value=\"\"").Append(value is null ? " selected" : "").Append(">not placed</option>");
        var known = false;
        foreach (var (v, text) in options ?? [])
        {
            known |= v == value;
            h.Append("<option value=\"").Append(E(v)).Append('"').Append(v == value ? " selected" : "").Append('>').Append(E(text)).Append("</option>");
        }

        if (value is not null && !known)
            h.Append("<option value=\"").Append(E(value)).Append("\" selected>").Append(E(value)).Append(" (not on this board)</option>");
        h.Append("</select></p>");
    }

    private static void Hidden(StringBuilder h, string name, string? value) =>
        h.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append("\">");
}
