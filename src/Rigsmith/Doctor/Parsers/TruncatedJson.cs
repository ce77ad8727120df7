using System.Text;

namespace Rigsmith.Doctor.Parsers;

/// <summary>
/// Makes a JSON document that was cut off readable up to its last complete member: the text is cut at the last comma
/// outside a string and the objects and arrays still open there are closed. A capture that a timeout or a full disk
/// cut short still gives what it holds.
/// </summary>
internal static class TruncatedJson
{
    public static string? Close(string text)
    {
        var open = new Stack<char>();
        var inString = false;
        var escaped = false;
        (int Index, string Closers)? lastComma = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    open.Push('}');
                    break;
                case '[':
                    open.Push(']');
                    break;
                case '}' or ']' when open.Count > 0:
                    open.Pop();
                    break;
                case ',':
                    lastComma = (i, new string([.. open]));
                    break;
            }
        }

        if (lastComma is not { } cut)
            return null;
        return new StringBuilder(text, 0, cut.Index, cut.Index + cut.Closers.Length).Append(cut.Closers).ToString();
    }
}
