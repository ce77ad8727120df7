using System.Reflection;
using Rigsmith.Catalog;
using Rigsmith.Input;
using Rigsmith.Standards;

namespace Rigsmith.Tests.Input;

/// <summary>
/// The generated enum tables (src/Rigsmith.Generators) against the runtime's own reflection: every enum Rigsmith.Core
/// declares, same values in the same order, spellings of the same member names, so reading and writing YAML cannot change
/// by taking the tables instead of reflection.
/// </summary>
public class EnumMembersTests
{
    public static TheoryData<Type> CoreEnums()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(PartCategory).Assembly.GetTypes().Where(t => t.IsEnum && Visible(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
            data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(CoreEnums))]
    public void The_table_of_every_enum_is_what_reflection_says(Type type)
    {
        var values = (Array)typeof(EnumMembersTests).GetMethod(nameof(Table), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, null)!;

        // The names are held by the spellings, which the next test compares with Enum.GetNames in the same order.
        Assert.Equal(Enum.GetValuesAsUnderlyingType(type).Cast<object>().Select(Convert.ToString), values.Cast<object>().Select(v => Convert.ToString(Convert.ChangeType(v, Enum.GetUnderlyingType(type)))));
    }

    [Theory]
    [MemberData(nameof(CoreEnums))]
    public void The_generated_spellings_follow_the_rule_the_reader_spells_by(Type type)
    {
        var spellings = (string[])typeof(EnumMembersTests).GetMethod(nameof(Spellings), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, null)!;

        Assert.Equal(Enum.GetNames(type).Select(EnumSpelling.Of), spellings);
    }

    [Fact]
    public void An_irregular_spelling_replaces_the_rule_only_for_its_member()
    {
        Assert.Equal("pcie8", MapReader.EnumName(PowerConnector.Pcie8));
        Assert.Equal("12vhpwr", MapReader.EnumName(PowerConnector.Hpwr12V));
        Assert.Equal(PowerConnector.Hpwr12V, MapReader.EnumNamed<PowerConnector>("12VHPWR"));
        Assert.Null(MapReader.EnumNamed<PowerConnector>("hpwr12-v"));
        // The generated table keeps the rule's spelling; the reader replaces it.
        Assert.Contains("hpwr12-v", EnumMembers.Of<PowerConnector>()!.Value.Spellings);
    }

    [Fact]
    public void There_are_enums_to_check_and_one_declared_elsewhere_has_no_table()
    {
        Assert.True(CoreEnums().Count >= 30);
        Assert.Null(EnumMembers.Of<DayOfWeek>());
    }

    [Fact]
    public void Spellings_come_from_the_tables()
    {
        Assert.Equal("open-air", MapReader.EnumName(Cooler.OpenAir));
        Assert.Equal(Cooler.Liquid, MapReader.EnumNamed<Cooler>("LIQUID"));
        Assert.Equal(Enum.GetValues<PartCategory>(), MapReader.EnumValues<PartCategory>());
    }

    private static Array Table<T>()
        where T : struct, Enum
    {
        var table = EnumMembers.Of<T>();
        Assert.True(table is not null, $"no generated table for {typeof(T)}");
        return table.Value.Values;
    }

    private static string[] Spellings<T>()
        where T : struct, Enum => EnumMembers.Of<T>()!.Value.Spellings;

    private static bool Visible(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (!(t.IsPublic || t.IsNestedPublic || t.IsNotPublic || t.IsNestedAssembly || t.IsNestedFamORAssem))
                return false;
        }

        return true;
    }
}
