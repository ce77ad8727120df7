using System.Security.Cryptography;
using System.Text;

namespace Rigsmith.Web.Storage;

/// <summary>
/// Build ids and edit tokens. An id is public (it is the permalink); the token, shown once when the build is created,
/// is what lets its holder save, and only its SHA-256 is stored, so a copy of the database edits nothing.
/// </summary>
public static class EditTokens
{
    /// <summary>Ids are 16 characters of base64url: 96 random bits, not guessable, safe in a URL.</summary>
    public static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(12));

    /// <summary>Tokens are 256 random bits.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> hashes to <paramref name="hash"/>, compared in constant time.</summary>
    public static bool Matches(string token, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(hash));

    /// <summary>Whether <paramref name="id"/> could be an id at all (base64url, 1 to 32 characters): anything else is not looked up.</summary>
    public static bool IsWellFormedId(string id) =>
        id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
