using System.Text;

namespace Rigsmith.Input;

/// <summary>
/// How an enum member is spelled in YAML: a dash before each uppercase letter but the first, each starting a word
/// (Open|Air, U2|To, Fp16|Mixed), all in lower case. One rule, compiled twice: into the core, for enums declared
/// elsewhere, and into Rigsmith.Generators (linked), which writes the spellings of the core's own enums as literals.
/// </summary>
internal static class EnumSpelling
{
    public static string Of(string member)
    {
        var chars = new StringBuilder(member.Length + 4);
        for (var i = 0; i < member.Length; i++)
        {
            if (char.IsUpper(member[i]) && i > 0)
                chars.Append('-');
            chars.Append(char.ToLowerInvariant(member[i]));
        }

        return chars.ToString();
    }
}
