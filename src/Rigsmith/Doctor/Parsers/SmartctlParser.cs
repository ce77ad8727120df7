using System.Text.Json;
using Rigsmith.Doctor.Observations;
using Rigsmith.Units;

namespace Rigsmith.Doctor.Parsers;

/// <summary>
/// <c>smartctl -j</c> (with <c>-a</c> or <c>-x</c>) for one drive, SATA or NVMe; smartctl publishes no schema, so only
/// the members seen in real output are read, each where it is present. A cut-off document is read up to its last
/// complete member.
/// </summary>
public static class SmartctlParser
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>ATA attributes whose normalised value counts down the drive's remaining life (100 new).</summary>
    private static readonly string[] LifeLeftAttributes = ["Wear_Leveling_Count", "SSD_Life_Left", "Media_Wearout_Indicator", "Percent_Lifetime_Remain", "Remaining_Lifetime_Perc"];

    public static ParseResult<DriveObservation?> Parse(string text)
    {
        var problems = new List<ParseProblem>();
        using var document = Load(text, problems);
        if (document is null)
            return new ParseResult<DriveObservation?>(null, problems);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ParseProblem(1, "not a JSON object"));
            return new ParseResult<DriveObservation?>(null, problems);
        }

        foreach (var message in Path(root, "smartctl", "messages").EnumerateArraySafe())
        {
            if (Str(message, "severity") == "error" && Str(message, "string") is { } said)
                problems.Add(new ParseProblem(null, $"smartctl said: {said}"));
        }

        var device = Str(Path(root, "device"), "name") ?? "unknown device";
        var protocol = Str(Path(root, "device"), "protocol") switch
        {
            "ATA" => DriveProtocol.Ata,
            "NVMe" => DriveProtocol.Nvme,
            "SCSI" => DriveProtocol.Scsi,
            _ => DriveProtocol.Unknown,
        };

        long? reallocated = null, pending = null, crc = null;
        Percent? used = null;
        var failing = new List<string>();
        foreach (var attribute in Path(root, "ata_smart_attributes", "table").EnumerateArraySafe())
        {
            var id = Long(attribute, "id");
            var name = Str(attribute, "name") ?? $"attribute {id}";
            var raw = Long(Path(attribute, "raw"), "value");
            var value = Long(attribute, "value");
            var threshold = Long(attribute, "thresh");
            switch (id)
            {
                case 5:
                    reallocated = raw;
                    break;
                case 197:
                    pending = raw;
                    break;
                case 199:
                    crc = raw;
                    break;
            }

            if (used is null && LifeLeftAttributes.Contains(name) && value is >= 0 and <= 100)
                used = Percent.From(100 - value.Value);
            if (Str(attribute, "when_failed") is { Length: > 0 } when || threshold > 0 && value <= threshold)
                failing.Add(name);
        }

        var nvme = Path(root, "nvme_smart_health_information_log");
        if (Long(nvme, "percentage_used") is { } nvmeUsed)
            used = Percent.From(Math.Clamp(nvmeUsed, 0, 100));

        bool? passed = Path(root, "smart_status", "passed") is { ValueKind: JsonValueKind.True or JsonValueKind.False } p ? p.GetBoolean() : null;
        // Bit 3 of smartctl's exit status: "SMART status check returned DISK FAILING" (smartctl(8), EXIT STATUS).
        if (passed is null && Long(Path(root, "smartctl"), "exit_status") is { } exit && (exit & 8) != 0)
            passed = false;

        var temperature = Long(Path(root, "temperature"), "current");
        var model = Str(root, "model_name") ?? Str(root, "scsi_model_name");
        if (model is null)
            problems.Add(new ParseProblem(null, "no model_name"));
        return new ParseResult<DriveObservation?>(new DriveObservation(
            device,
            protocol,
            model,
            Str(root, "serial_number"),
            passed,
            temperature is > -273 and < 200 ? Celsius.From(temperature.Value) : null,
            Long(Path(root, "power_on_time"), "hours"),
            reallocated,
            pending,
            crc,
            Long(nvme, "media_errors"),
            used,
            Long(nvme, "critical_warning"),
            Gbps(Path(root, "interface_speed", "current")),
            Gbps(Path(root, "interface_speed", "max")),
            failing), problems);
    }

    /// <summary><c>smartctl --scan -j</c>: the devices smartctl would read, each with the type to read it as.</summary>
    public static ParseResult<IReadOnlyList<(string Name, string? Type)>> ParseScan(string text)
    {
        var problems = new List<ParseProblem>();
        using var document = Load(text, problems);
        var devices = new List<(string, string?)>();
        foreach (var d in document is null ? [] : Path(document.RootElement, "devices").EnumerateArraySafe().ToList())
        {
            if (Str(d, "name") is { } name)
                devices.Add((name, Str(d, "type")));
        }

        return new ParseResult<IReadOnlyList<(string Name, string? Type)>>(devices, problems);
    }

    private static JsonDocument? Load(string text, List<ParseProblem> problems)
    {
        try
        {
            return JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            problems.Add(new ParseProblem(e.LineNumber is { } l ? (int)l + 1 : null, $"not valid JSON ({e.Message.Split('.')[0]}); reading up to the last complete member"));
        }

        if (TruncatedJson.Close(text) is not { } closed)
            return null;
        try
        {
            return JsonDocument.Parse(closed, Options);
        }
        catch (JsonException)
        {
            problems.Add(new ParseProblem(null, "nothing could be read"));
            return null;
        }
    }

    private static double? Gbps(JsonElement speed) =>
        Long(speed, "units_per_second") is { } units && Long(speed, "bits_per_unit") is { } bits ? units * (double)bits / 1e9 : null;

    private static JsonElement Path(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                return default;
        }

        return element;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static IEnumerable<JsonElement> EnumerateArraySafe(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [];
}
