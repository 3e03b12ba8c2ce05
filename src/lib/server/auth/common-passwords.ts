// Passwords that appear at the top of every breached-password list. Refused outright:
// an attacker tries these first. Compared lower-cased.
const LIST = `
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword
12345678 123456789 1234567890 12345678910 87654321 11111111 00000000 11223344
12341234 12121212 123123123 123321123 1q2w3e4r 1q2w3e4r5t 1qaz2wsx qwertyui
qwerty12 qwerty123 qwerty1234 qwertyuiop asdfghjk asdfasdf zxcvbnm1 zxcvbnm123
iloveyou iloveyou1 sunshine sunshine1 princess princess1 football football1
baseball baseball1 whatever trustno1 superman superman1 starwars letmein1
letmein! welcome1 welcome123 welcome! dragon12 monkey12 master12 mustang1
michael1 jennifer charlie1 shadow12 jordan23 computer internet abcdefgh
abcd1234 abc12345 abc123456 aa123456 a1234567 a12345678 qazwsxedc 1qazxsw2
changeme changeme1 default1 admin123 admin1234 administrator secret12 secret123
login123 test1234 testtest 123qweasd qweasdzxc q1w2e3r4 q1w2e3r4t5 zaq12wsx
password! password01 pa55word pa$$word freedom1 hello123 helloworld samsung1
chocolate liverpool arsenal1 chelsea1 pokemon1 blink182 11111111a 123456789a
qwer1234 asdf1234 1234qwer 1234abcd passpass iloveyou2 lovely12 loveme12
summer2024 summer2025 summer2026 winter2024 winter2025 winter2026 spring2025
autumn2025 company1 company123 tandem123 tandempassword
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
