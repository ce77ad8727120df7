using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Optimizer.Spec;
using Rigsmith.Planning;
using Rigsmith.Training.Models;

namespace Rigsmith.Optimizer.Tests;

/// <summary>The repository's catalog, model zoo and examples, loaded once for every test.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    private static readonly Lazy<DataSources> Shared = new(() => new DataSources(Path.Combine(Root, "catalog"), Path.Combine(Root, "models")));

    public static PartCatalog Catalog => Shared.Value.Catalog.Value!;

    public static ModelZoo Zoo => Shared.Value.Zoo.Value!;

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    /// <summary>
    /// The day the tests judge prices against, fixed so that what counts as an old price does not change under them.
    /// </summary>
    public static readonly DateOnly Today = new(2026, 12, 5);

    public static OptimizeSpec Spec(string yaml, string file = "test.optimize.yaml")
    {
        var read = SpecReader.Read(yaml, file, Catalog, Zoo, Today);
        Assert.True(read.Ok, string.Join("\n", read.Problems));
        return read.Value!;
    }

    public static LoadResult<OptimizeSpec> Read(string yaml, string file = "test.optimize.yaml") => SpecReader.Read(yaml, file, Catalog, Zoo, Today);

    public static OptimizeSpec ExampleSpec(string name) => Spec(File.ReadAllText(Example(name)), Example(name));

    public static OptimizeResult Optimize(OptimizeSpec spec) => new BuildOptimizer(Catalog, Zoo, null).Optimize(spec);

    /// <summary>The spec optimized with one price of a test price book laid over the catalog, as the command reads a book.</summary>
    public static OptimizeResult OptimizeWithPrice(OptimizeSpec spec, string id, decimal usd, PriceCondition condition)
    {
        var book = new PriceBook(new Dictionary<string, IReadOnlyList<PriceObservation>>
        {
            [id] = [new PriceObservation(Units.Money.Of(usd, "USD"), new DateOnly(2026, 11, 1), condition, "https://example.org/test-price") { Own = true }],
        }, [], "USD");
        return new BuildOptimizer(Catalog.Select(book.Apply), Zoo, book).Optimize(spec);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "rigsmith.slnx")))
                return dir.FullName;
        }

        throw new InvalidOperationException("rigsmith.slnx not found above the test binaries");
    }
}
