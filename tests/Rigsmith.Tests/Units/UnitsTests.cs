using Rigsmith.Units;

namespace Rigsmith.Tests.Units;

public class UnitFactoryTests
{
    public static TheoryData<string, Func<double, object>> Factories() => new()
    {
        { "W", v => Watts.From(v) }, { "V", v => Volts.From(v) }, { "A", v => Amperes.From(v) }, { "Ω", v => Ohms.From(v) },
        { "B", v => Bytes.From(v) }, { "GB/s", v => GigabytesPerSecond.From(v) }, { "TFLOPS", v => TeraFlops.From(v) },
        { "MT/s", v => MegaTransfers.From(v) }, { "mm", v => Millimeters.From(v) }, { "slots", v => Slots.From(v) },
        { "°C", v => Celsius.From(v) }, { "s", v => Seconds.From(v) }, { "kWh", v => KilowattHours.From(v) },
    };

    [Theory]
    [MemberData(nameof(Factories))]
    public void Every_unit_refuses_nan_and_infinity(string unit, Func<double, object> from)
    {
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            Assert.Throws<ArgumentOutOfRangeException>(() => from(bad));
        Assert.NotNull(from(1.5));
        Assert.False(string.IsNullOrEmpty(unit));
    }

    [Theory]
    [MemberData(nameof(Factories))]
    public void Quantities_that_cannot_be_negative_refuse_it_and_the_rest_keep_the_sign(string unit, Func<double, object> from)
    {
        var nonNegative = new[] { "Ω", "GB/s", "TFLOPS", "MT/s", "s", "kWh" };
        if (nonNegative.Contains(unit))
            Assert.Throws<ArgumentOutOfRangeException>(() => from(-1));
        else
            Assert.NotNull(from(-1));
    }

    [Fact]
    public void A_temperature_below_absolute_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Celsius.From(-273.16));
        Assert.Equal(-273.15, Celsius.From(-273.15).Value);
    }

    [Fact]
    public void Arithmetic_that_would_make_nan_throws_instead_of_spreading_it()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Watts.From(100) / 0.0 * 0.0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Watts.From(1) / 0.0);
    }

    [Fact]
    public void The_only_unbounded_gap_is_the_named_one()
    {
        Assert.True(Slots.Unbounded.IsUnbounded);
        Assert.False(Slots.From(2).IsUnbounded);
        Assert.True(Slots.Unbounded > Slots.From(1e9));
    }

    [Fact]
    public void A_kilowatt_for_an_hour_is_one_kilowatt_hour()
    {
        Assert.Equal(1.0, (Watts.From(1000) * Seconds.FromHours(1)).Value, 12);
        Assert.Equal(0.5, (Watts.From(250) * Seconds.FromHours(2)).Value, 12);
    }

    [Fact]
    public void Power_over_voltage_is_current_and_current_times_resistance_is_a_drop()
    {
        Assert.Equal(25.0, (Watts.From(300) / Volts.From(12)).Value, 12);
        Assert.Equal(0.25, (Amperes.From(25) * Ohms.FromMilliohms(10)).Value, 12);
    }
}

public class MoneyTests
{
    [Fact]
    public void Amounts_in_one_currency_add()
    {
        Assert.Equal(Money.Of(3.50m, "USD"), Money.Of(1.25m, "USD") + Money.Of(2.25m, "USD"));
    }

    [Fact]
    public void Amounts_in_different_currencies_never_add_silently()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Money.Of(1m, "USD") + Money.Of(1m, "EUR"));
        Assert.Contains("exchange rate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Totals_keep_one_sum_per_currency()
    {
        var totals = Money.Totals([Money.Of(100m, "USD"), Money.Of(50m, "HKD"), Money.Of(20.5m, "USD")]);

        Assert.Equal([Money.Of(50m, "HKD"), Money.Of(120.5m, "USD")], totals);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("US$")]
    [InlineData("")]
    public void A_currency_that_is_not_an_iso_code_is_refused(string code)
    {
        Assert.False(Money.IsCurrency(code));
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.Of(1m, code));
    }

    [Fact]
    public void An_energy_price_costs_energy_in_its_own_currency()
    {
        var price = new EnergyPrice(Money.Of(0.30m, "EUR"));

        var cost = price.Cost(Watts.From(2000) * Seconds.FromHours(10));

        Assert.Equal("EUR", cost.Currency);
        Assert.Equal(6.00m, decimal.Round(cost.Amount, 2));
    }
}
