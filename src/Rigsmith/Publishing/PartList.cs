using System.Globalization;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Rigs;
using Rigsmith.Units;

namespace Rigsmith.Publishing;

/// <summary>
/// One row of a published part list, as PCPartPicker lays them out: one row per thing bought. Memory is bought in
/// kits, so a row is a kit when the installed modules make whole kits and a single module otherwise.
/// </summary>
/// <param name="Type">PCPartPicker's type column: CPU, Motherboard, Memory, Storage, Video Card, Power Supply, Case, Custom.</param>
/// <param name="Role">Where the part sits in this rig ("GPU1 in PE1", "U.2 port U2").</param>
/// <param name="Modules">Memory modules the row stands for (a kit's size, or 1); 1 for other parts.</param>
/// <param name="Price">The newest price observation of the part in the catalog; null when it has none.</param>
public sealed record PartListEntry(string Type, Part Part, string Role, int Modules, string? Note, PriceObservation? Price)
{
    /// <summary>The name with the quantity the row stands for: "2 x Kingston FURY Beast ... 32 GB" for a kit of two modules.</summary>
    public string Item => Modules > 1 ? $"{Modules} x {Part.Name}" : Part.Name;

    /// <summary>
    /// What the row costs: a memory part is one module, so its price is a module's and a row that stands for a kit of
    /// <see cref="Modules"/> costs that many times it; null without a price.
    /// </summary>
    public Money? Cost => Price is null ? null : Price.Price * Modules;
}

/// <summary>A rig as the list of things bought: rows, prices and totals. Built from the rig model only.</summary>
public sealed record PartList(string RigName, IReadOnlyList<PartListEntry> Entries)
{
    /// <summary>The user's price book, for a total converted at its dated rates; null or without a currency: totals stay per currency.</summary>
    public PriceBook? Book { get; init; }

    /// <summary>The date of the oldest price observation in the total; null when nothing is priced.</summary>
    public DateOnly? OldestPrice => Entries.Where(e => e.Price is not null).Select(e => (DateOnly?)e.Price!.Date).Min();

    /// <summary>The date of the newest price observation in the total; null when nothing is priced.</summary>
    public DateOnly? NewestPriceDate => Entries.Where(e => e.Price is not null).Select(e => (DateOnly?)e.Price!.Date).Max();

    /// <summary>Whether any row is priced from the user's price book.</summary>
    public bool UsesPriceBook => Entries.Any(e => e.Price is { Own: true });

    /// <summary>The priced rows summed in the price book's currency at its rates; null when it names none or a rate is missing.</summary>
    public (Money Total, IReadOnlyList<ExchangeRate> Rates)? Converted =>
        Book?.Convert(Entries.Where(e => e.Cost is not null).Select(e => e.Cost!.Value));

    public const string CpuType = "CPU";
    public const string BoardType = "Motherboard";
    public const string MemoryType = "Memory";
    public const string StorageType = "Storage";
    public const string GpuType = "Video Card";
    public const string PsuType = "Power Supply";
    public const string CaseType = "Case";
    public const string CustomType = "Custom";

    /// <summary>The PCPartPicker type a catalog category is listed under (adapters and risers are "Custom").</summary>
    public static string TypeOf(PartCategory category) => category switch
    {
        PartCategory.Cpu => CpuType,
        PartCategory.Motherboard => BoardType,
        PartCategory.Memory => MemoryType,
        PartCategory.Storage => StorageType,
        PartCategory.Gpu => GpuType,
        PartCategory.Psu => PsuType,
        PartCategory.Chassis => CaseType,
        _ => CustomType,
    };

    /// <summary>Rows with a price observation.</summary>
    /// <remarks>Lists, so that a Select on them is not a Where iterator's generic virtual method (slow on a cold start).</remarks>
    public IReadOnlyList<PartListEntry> Priced => Rows(priced: true);

    /// <summary>Rows without a price observation.</summary>
    public IReadOnlyList<PartListEntry> Unpriced => Rows(priced: false);

    private List<PartListEntry> Rows(bool priced)
    {
        var rows = new List<PartListEntry>();
        foreach (var e in Entries)
        {
            if (e.Price is not null == priced)
                rows.Add(e);
        }

        return rows;
    }

    /// <summary>The sum of the priced rows, one total per currency (never converted: exchange rates are not observations).</summary>
    public IReadOnlyList<Money> Totals => Money.Totals(Entries.Where(e => e.Cost is not null).Select(e => e.Cost!.Value));

    public static PartList From(RigModel rig, PriceBook? book = null)
    {
        var rows = new List<PartListEntry>();
        void Add(string type, Part part, string role, string? note, int modules = 1) =>
            rows.Add(new PartListEntry(type, part, role, modules, JoinNotes(note, rig.PartNotes.GetValueOrDefault(part.Id)), NewestPrice(part)));

        for (var i = 1; i <= rig.CpuCount; i++)
            Add(CpuType, rig.Cpu, rig.CpuCount > 1 ? $"CPU {i} of {rig.CpuCount}" : "CPU", null);
        Add(BoardType, rig.Board, "Motherboard", null);
        foreach (var m in rig.Memory)
        {
            var kit = Math.Max(1, m.Module.KitSize);
            var (rowCount, perRow) = m.Count % kit == 0 ? (m.Count / kit, kit) : (m.Count, 1);
            for (var i = 0; i < rowCount; i++)
                Add(MemoryType, m.Module, perRow > 1 ? $"kit of {perRow} modules" : "one module", m.Note, perRow);
        }

        foreach (var s in rig.Storage)
            Add(StorageType, s.Drive, Attachment(s.Attachment), s.Note);
        foreach (var g in rig.Gpus)
        {
            Add(GpuType, g.Gpu, $"GPU{g.Index} in {g.Slot.Id}", g.Note);
            if (g.Riser is not null)
                Add(CustomType, g.Riser, $"riser for GPU{g.Index}", null);
        }

        foreach (var s in rig.Storage)
        {
            if (s.Attachment is DriveAttachment.Slot { Adapter: { } adapter })
                Add(CustomType, adapter, $"adapter for {s.Drive.Name}", null);
        }

        if (rig.Chassis is not null)
            Add(CaseType, rig.Chassis, "Chassis", null);
        foreach (var p in rig.Psus)
        {
            for (var i = 1; i <= p.Count; i++)
                Add(PsuType, p.Psu, p.Count > 1 ? $"PSU {i} of {p.Count}" : "PSU", p.Note);
        }

        return new PartList(rig.Name, rows) { Book = book };
    }

    /// <summary>The newest observation (by date; the first listed on a tie), from the user's price book when it has one for the part.</summary>
    /// <summary>The user's own price first, then the newest; of equal ones, the first listed.</summary>
    public static PriceObservation? NewestPrice(Part part)
    {
        PriceObservation? best = null;
        foreach (var p in part.Prices)
        {
            if (best is null || (p.Own && !best.Own) || (p.Own == best.Own && p.Date > best.Date))
                best = p;
        }

        return best;
    }

    public static string Attachment(DriveAttachment attachment) => attachment switch
    {
        DriveAttachment.Port p => $"{PortName(p.BoardPort.Kind)} port {p.BoardPort.Id}",
        DriveAttachment.Slot { Adapter: null } s => $"slot {s.BoardSlot.Id}",
        DriveAttachment.Slot s => $"slot {s.BoardSlot.Id} through {s.Adapter!.Id}",
        _ => "SATA port",
    };

    private static string PortName(PortKind kind) => kind switch
    {
        PortKind.M2 => "M.2",
        PortKind.U2 => "U.2",
        _ => "SATA",
    };

    private static string? JoinNotes(string? first, string? second) =>
        (first, second) switch
        {
            (null, null) => null,
            (not null, null) => first,
            (null, not null) => second,
            _ => first == second ? first : $"{first} {second}",
        };
}

/// <summary>Culture-invariant money: symbols for the currencies PCPartPicker shows with one, the ISO code otherwise.</summary>
public static class MoneyText
{
    public static string Format(Money money) => money.Currency switch
    {
        "USD" => "$" + Number(money.Amount),
        "GBP" => "£" + Number(money.Amount),
        "EUR" => "€" + Number(money.Amount),
        _ => $"{Number(money.Amount)} {money.Currency}",
    };

    public static string Number(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The merchant of an observation: the host of its source URL, or the source text itself.</summary>
    public static string Merchant(PriceObservation price) => Merchant(price.Source);

    /// <summary>The host of a source URL without "www." ("gpudojo.pages.dev"); any other source as it is.</summary>
    /// <remarks>
    /// An http(s) URL whose host is a plain DNS name is read directly: it is what <see cref="Uri"/> gives for it (the host,
    /// lower-cased), and a cold check shows a few prices, where building the first Uri costs its parser's start-up,
    /// half a percent of the command. Anything else goes through Uri.
    /// </remarks>
    internal static string Merchant(string source)
    {
        var host = PlainHttpHost(source) ?? (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host : null);
        return host is null ? source : host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    private static string? PlainHttpHost(string source)
    {
        var start = source.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : -1;
        if (start < 0)
            return null;
        var end = source.AsSpan(start).IndexOfAny('/', '?', '#');
        var host = end < 0 ? source.AsSpan(start) : source.AsSpan(start, end);
        // Letters, digits, dots and hyphens only, starting and ending with a letter or digit, and at least one letter:
        // no port, user, international name or IP literal ("1.2" is 1.0.0.2 to Uri), whose forms Uri normalises.
        if (host.Length == 0 || !char.IsAsciiLetterOrDigit(host[0]) || !char.IsAsciiLetterOrDigit(host[^1]))
            return null;
        var letters = false;
        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != '-')
                return null;
            letters |= char.IsAsciiLetter(c);
        }

        return letters ? host.ToString().ToLowerInvariant() : null;
    }

    /// <summary>
    /// One observation as every part list shows it: "$800.00 used, 2025-12-01 @ gpudojo.pages.dev" (the amount, new or
    /// used, the day it was seen, where), "@ your price book: my invoice" for the user's own. No parentheses, so the
    /// plain-text list can put it in PCPartPicker's "(price)" and read it back.
    /// </summary>
    public static string Describe(PriceObservation price) =>
        $"{Format(price.Price)} {MapReader.EnumName(price.Condition)}, {Date(price.Date)} @ {(price.Own ? "your price book: " : "")}{Merchant(price)}";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"observed 2022-08-30 to 2025-12-01 (1 new, 2 used)", "observed on 2025-12-01 (2 used)": the span of the dates and the conditions of <paramref name="prices"/>; null when there are none.</summary>
    public static string? Observed(IEnumerable<PriceObservation> prices)
    {
        var list = prices.ToList();
        if (list.Count == 0)
            return null;
        var (oldest, newest) = (list.Min(p => p.Date), list.Max(p => p.Date));
        var span = oldest == newest ? $"observed on {Date(oldest)}" : $"observed {Date(oldest)} to {Date(newest)}";
        var conditions = new List<string>();
        foreach (var condition in MapReader.EnumValues<PriceCondition>())
        {
            if (list.Count(p => p.Condition == condition) is var n and > 0)
                conditions.Add($"{n} {MapReader.EnumName(condition)}");
        }

        return $"{span} ({string.Join(", ", conditions)})";
    }

    /// <summary>"$1200.00 + 300.00 HKD", or "none" when nothing is priced.</summary>
    public static string Totals(IReadOnlyList<Money> totals) =>
        totals.Count == 0 ? "none" : string.Join(" + ", totals.Select(Format));
}
