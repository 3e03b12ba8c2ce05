// How the request pages write money: whole units with thousands separators ("150,000").
const money = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export function formatArr(value: number): string {
	return money.format(value);
}
