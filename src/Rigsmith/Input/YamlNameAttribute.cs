namespace Rigsmith.Input;

/// <summary>How an enum member is spelt in YAML and JSON when the generated kebab-case name would read wrong ("12vhpwr").</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class YamlNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
