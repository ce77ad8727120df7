using System.Text.RegularExpressions;
using Rigsmith.Doctor.Observations;

namespace Rigsmith.Doctor.Parsers;

/// <summary>
/// The SATA hosts' link power-management policy as <c>grep . /sys/class/scsi_host/host*/link_power_management_policy</c>
/// prints it (and as the doctor's collection writes it): <c>/sys/class/scsi_host/host0/link_power_management_policy:med_power_with_dipm</c>.
/// </summary>
public static partial class SataLinkPolicyParser
{
    public static ParseResult<IReadOnlyList<SataLinkPolicy>> Parse(string text)
    {
        var problems = new List<ParseProblem>();
        var policies = new List<SataLinkPolicy>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
                continue;
            if (PolicyLine().Match(lines[i].Trim()) is { Success: true } m)
                policies.Add(new SataLinkPolicy(m.Groups["host"].Value, m.Groups["policy"].Value));
            else
                problems.Add(new ParseProblem(i + 1, "not a host's link_power_management_policy line"));
        }

        return new ParseResult<IReadOnlyList<SataLinkPolicy>>(policies, problems);
    }

    [GeneratedRegex(@"(?<host>host\d+)/link_power_management_policy\s*:\s*(?<policy>[a-z_]+)$")]
    private static partial Regex PolicyLine();
}
