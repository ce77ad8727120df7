using Rigsmith.Publishing;
using Rigsmith.Tests.Support;

namespace Rigsmith.Tests.Publishing;

/// <summary>
/// Where a price was seen, as part lists show it: the source URL's host without "www.", read directly for a plain
/// http(s) URL and through <see cref="Uri"/> otherwise; both roads must say the same as Uri alone.
/// </summary>
public class MerchantTests
{
    private static string ByUri(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? (uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host)
            : source;

    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>
        {
            "https://gpudojo.pages.dev/",
            "https://www.ebay.com/itm/123?hash=x#frag",
            "HTTPS://WWW.Newegg.COM/p/N82E1",
            "http://example.com",
            "https://example.com:8443/path",
            "https://user@example.com/",
            "https://192.168.0.1/",
            "http://1.2/",
            "https://[::1]/x",
            "https://bücher.example/",
            "https://example.com./",
            "ftp://files.example.org/list",
            "file:///tmp/prices.txt",
            "my invoice",
            "ebay listing 2025-11",
            "",
        };
        foreach (var source in Repo.Catalog.All.SelectMany(p => p.Prices).Select(p => p.Source).Distinct())
            data.Add(source);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void The_merchant_is_the_hosts_as_Uri_reads_it(string source) => Assert.Equal(ByUri(source), MoneyText.Merchant(source));

    [Fact]
    public void The_catalog_has_price_sources_to_check() =>
        Assert.True(Repo.Catalog.All.SelectMany(p => p.Prices).Select(p => p.Source).Distinct().Count() >= 10);
}
