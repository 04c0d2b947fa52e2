"""The demo portal's terms of use, in Georgian and English. The seed command publishes them with
`terms_publish(**demo_terms(), published_by=administrator)`.

Format (read by the terms page): blocks are separated by a blank line; a block starting with "## "
is a heading. The texts follow requirements R-P-*, R-ID-*, R-C-*, R-AL-1 and R-V-1."""

from __future__ import annotations

TEXT_EN = """\
## 1. What the portal is
Panjara (the citizen portal) is one web resource that gathers the electronic services of state agencies and private companies of Georgia. You register once, accept these terms once, and reach every service through the portal ("one window"): you do not need to register separately on each provider's website or learn each provider's rules.

## 2. The parties
These terms set out the rights and obligations of the parties when the portal is used. The parties are: the user — any natural or legal person who has registered on the portal and accepted these terms; the Data Exchange Agency (the Agency), which administers the portal; and the service providers — the state agencies and private companies whose electronic services are offered through the portal.

## 3. Registration and sign-in
There are two ways to register: with a username and password, or with the new (electronic) ID card.

To register with a username and password, come to any Public Service Hall with a valid identity document. You sign an application by which you accept these terms, and the operator registers you. The password you receive at registration is a one-time password: you must change it after your first sign-in. Your username is the e-mail address you gave at registration.

To register with the new ID card, choose "with new ID card" in the sign-in menu and register yourself. You need a valid new-type ID card or residence card and a card reader. At every sign-in you insert the card in the reader, press "Sign in" and enter the 4-digit PIN from the sealed envelope you received with the card.

At your first registration the portal asks for your mobile number and e-mail address. You can change them at any time in your profile; they are not asked again at later sign-ins.

If you have an old ID card, no card reader or have forgotten your PIN, go to a Public Service Hall and the operator will register you with a username and password.

Keep your password, your PIN and your ID card to yourself. Anything done on the portal with them is considered done by you until you tell us that they have been lost or stolen.

## 4. Your consent
You accept these terms once, at your first sign-in after registration; without accepting them the portal cannot be used. Your consent covers every service the portal offers now, every service added later and every changed service. A service may have its own additional terms; they are shown in the description of that service.

When you call a service, you consent to using that service and to the Agency processing the personal data that the service needs, to the extent it needs them.

## 5. Services
Services are grouped into categories (for example personal information, family, health, social services, property, business, taxes, fines, education, utility bills), so you can find a service by what you need without knowing which agency provides it.

Informational services show you data that agencies hold about you. Functional services let you fill in an application, save it as a draft and correct it later, attach documents, sign it where the service requires it, send it to the provider and receive the answer through the portal; the application and the answers stay available to you.

Which services you may use depends on how you signed in. Users who signed in with the new ID card can use every service, including those that require a digital signature. Users who signed in with a username and password can use the services that do not require one.

You may upload documents to your personal document store on the portal, keep them there and attach them to applications. Answers and certificates you receive through the portal are kept there too.

## 6. Personal data
The Agency processes personal data in accordance with the Law of Georgia on Personal Data Protection. Personal data are kept on the portal only for as long as they are needed to deliver the service you asked for, and are deleted from the portal once that purpose has been achieved.

Every use of your personal data through the portal — by a service provider, by a Public Service Hall operator or by the portal itself — is recorded, and you can see these records on your personal page.

## 7. The Agency's obligations
The Agency keeps the portal working 24 hours a day, 7 days a week, except for announced maintenance and circumstances beyond its control. It grants users access and decides what each user may do according to how they signed in. It connects the user with the provider, calls the service, sends the user's request or application to the provider and returns the provider's answer. The Agency delivers the information received from the provider unchanged and as quickly as possible.

## 8. The providers' obligations
Service providers answer within the time limits set by law. Each provider is responsible for the completeness and correctness of the information and documents it sends through the portal. Public institutions give a reasoned answer to a request for public information or for the user's own personal data within the time limit set by law.

## 9. Your obligations
Use the portal only for lawful purposes and only on your own behalf, or on behalf of a person or company you are authorised to represent. Comments and other records you leave on the portal must respect the law and ethical norms; the Agency may remove those that do not.

## 10. Changes to these terms
The Agency may change these terms unilaterally. Every change is published on the portal as a new version with a summary of what changed, and you are notified through the portal. Earlier versions remain available on the terms of use page.

## 11. Refusing to use the portal
If you do not agree with these terms or with a change to them, you may refuse further use of the portal. Refusing does not affect your right to receive the same services from the agencies directly.

## 12. Contact
Questions about the portal and these terms: see the "Help and contact" page. The help desk works on working days from 10:00 to 18:00.
"""

TEXT_KA = """\
## 1. რა არის პორტალი
ფანჯარა (მოქალაქის პორტალი) არის ერთიანი ვებ-რესურსი, რომელშიც თავმოყრილია საქართველოს სახელმწიფო უწყებებისა და კერძო კომპანიების ელექტრონული სერვისები. თქვენ ერთხელ რეგისტრირდებით, ერთხელ ეთანხმებით ამ პირობებს და ყველა სერვისს პორტალის მეშვეობით იღებთ („ერთი ფანჯრის“ პრინციპი): აღარ გჭირდებათ თითოეული პროვაიდერის ვებ-გვერდზე ცალკე რეგისტრაცია და მათი წესების შესწავლა.

## 2. მხარეები
ეს პირობები ადგენს მხარეთა უფლება-მოვალეობებს პორტალით სარგებლობისას. მხარეები არიან: მომხმარებელი — ნებისმიერი ფიზიკური ან იურიდიული პირი, რომელიც დარეგისტრირდა პორტალზე და დაეთანხმა ამ პირობებს; მონაცემთა გაცვლის სააგენტო (სააგენტო), რომელიც პორტალს ადმინისტრირებს; და ელ-სერვისის პროვაიდერები — სახელმწიფო უწყებები და კერძო კომპანიები, რომელთა ელექტრონული სერვისებიც პორტალზეა განთავსებული.

## 3. რეგისტრაცია და შესვლა
რეგისტრაციის ორი გზა არსებობს: მომხმარებლის სახელითა და პაროლით ან ახალი (ელექტრონული) პირადობის მოწმობით.

მომხმარებლის სახელითა და პაროლით რეგისტრაციისთვის მიბრძანდით ნებისმიერ იუსტიციის სახლში მოქმედი პირადობის დამადასტურებელი დოკუმენტით. თქვენ ხელს აწერთ განცხადებას, რომლითაც ეთანხმებით ამ პირობებს, და ოპერატორი გარეგისტრირებთ. რეგისტრაციისას მიღებული პაროლი ერთჯერადია: პირველი შესვლის შემდეგ ის აუცილებლად უნდა შეცვალოთ. მომხმარებლის სახელი არის რეგისტრაციისას მითითებული ელ. ფოსტის მისამართი.

ახალი პირადობის მოწმობით რეგისტრაციისთვის შესვლის მენიუში აირჩიეთ „ახალი პირადობის მოწმობით“ და დარეგისტრირდით დამოუკიდებლად. დაგჭირდებათ ახალი ტიპის მოქმედი პირადობის მოწმობა ან ბინადრობის მოწმობა და ბარათის წამკითხველი. ყოველი შესვლისას მოწმობას ათავსებთ წამკითხველში, აჭერთ ღილაკს „შესვლა“ და შეგყავთ 4-ციფრიანი პინ-კოდი დალუქული კონვერტიდან, რომელიც მოწმობასთან ერთად მიიღეთ.

პირველი რეგისტრაციისას პორტალი გთხოვთ მობილური ტელეფონის ნომერსა და ელ. ფოსტის მისამართს. მათი შეცვლა ნებისმიერ დროს შეგიძლიათ პროფილში; შემდგომი შესვლისას მათ ხელახლა აღარ გკითხავთ.

თუ ძველი პირადობის მოწმობა გაქვთ, არ გაქვთ ბარათის წამკითხველი ან დაგავიწყდათ პინ-კოდი, მიბრძანდით იუსტიციის სახლში და ოპერატორი დაგარეგისტრირებთ მომხმარებლის სახელითა და პაროლით.

პაროლი, პინ-კოდი და პირადობის მოწმობა არავის გადასცეთ. მათი გამოყენებით პორტალზე შესრულებული ნებისმიერი მოქმედება ითვლება თქვენ მიერ შესრულებულად, ვიდრე არ გვაცნობებთ მათი დაკარგვის ან მოპარვის შესახებ.

## 4. თქვენი თანხმობა
ამ პირობებს ეთანხმებით ერთხელ, რეგისტრაციის შემდეგ პირველი შესვლისას; თანხმობის გარეშე პორტალით სარგებლობა შეუძლებელია. თანხმობა ვრცელდება პორტალზე არსებულ ყველა სერვისზე, მომავალში დამატებულ ყველა სერვისზე და ყველა შეცვლილ სერვისზე. ცალკეულ სერვისს შეიძლება ჰქონდეს დამატებითი პირობები; ისინი მითითებულია ამ სერვისის აღწერაში.

სერვისის გამოძახებით თქვენ თანხმობას აცხადებთ ამ სერვისით სარგებლობაზე და იმაზე, რომ სააგენტომ დაამუშაოს სერვისისთვის საჭირო პერსონალური მონაცემები, საჭირო ოდენობით.

## 5. სერვისები
სერვისები დაჯგუფებულია კატეგორიებად (მაგალითად: პირადი ინფორმაცია, ოჯახი, ჯანმრთელობა, სოციალური მომსახურება, ქონება, ბიზნესი, გადასახადები, ჯარიმები, განათლება, კომუნალური გადასახადები), ამიტომ სერვისს იპოვით იმის მიხედვით, რა გჭირდებათ, ისე რომ არ გჭირდებათ იცოდეთ, რომელი უწყება აწვდის მას.

საინფორმაციო სერვისები გაჩვენებთ თქვენ შესახებ უწყებებში დაცულ მონაცემებს. ფუნქციური სერვისებით შეგიძლიათ შეავსოთ განცხადება, შეინახოთ ის მონახაზად და მოგვიანებით შეასწოროთ, დაურთოთ დოკუმენტები, ხელი მოაწეროთ, თუ სერვისი ამას მოითხოვს, გაუგზავნოთ პროვაიდერს და პასუხი პორტალის მეშვეობით მიიღოთ; განცხადება და პასუხები თქვენთვის ხელმისაწვდომი რჩება.

რომელი სერვისებით შეგიძლიათ სარგებლობა, დამოკიდებულია იმაზე, როგორ შეხვედით პორტალზე. ახალი პირადობის მოწმობით შესულ მომხმარებლებს შეუძლიათ ყველა სერვისით სარგებლობა, მათ შორის იმ სერვისებით, რომლებიც ციფრულ ხელმოწერას საჭიროებს. მომხმარებლის სახელითა და პაროლით შესულ მომხმარებლებს შეუძლიათ ისარგებლონ სერვისებით, რომლებიც ციფრულ ხელმოწერას არ საჭიროებს.

შეგიძლიათ ატვირთოთ დოკუმენტები პორტალზე თქვენს პერსონალურ დოკუმენტთა საცავში, შეინახოთ ისინი იქ და დაურთოთ განცხადებებს. პორტალის მეშვეობით მიღებული პასუხები და ცნობები ასევე იქ ინახება.

## 6. პერსონალური მონაცემები
სააგენტო პერსონალურ მონაცემებს ამუშავებს „პერსონალურ მონაცემთა დაცვის შესახებ“ საქართველოს კანონის შესაბამისად. პერსონალური მონაცემები პორტალზე ინახება მხოლოდ იმ ვადით, რაც საჭიროა თქვენ მიერ მოთხოვნილი სერვისის მისაწოდებლად, და მიზნის მიღწევის შემდეგ პორტალიდან იშლება.

თქვენი პერსონალური მონაცემების ყოველი გამოყენება პორტალის მეშვეობით — სერვისის პროვაიდერის, იუსტიციის სახლის ოპერატორის ან თავად პორტალის მიერ — აღირიცხება, და ამ ჩანაწერებს თქვენს პირად გვერდზე ნახავთ.

## 7. სააგენტოს ვალდებულებები
სააგენტო უზრუნველყოფს პორტალის მუშაობას დღე-ღამის 24 საათის განმავლობაში, კვირაში 7 დღე, გარდა წინასწარ გამოცხადებული ტექნიკური სამუშაოებისა და მისგან დამოუკიდებელი გარემოებებისა. სააგენტო მომხმარებლებს აძლევს წვდომას და განსაზღვრავს, რისი გაკეთება შეუძლია თითოეულ მომხმარებელს, იმის მიხედვით, როგორ შევიდა ის პორტალზე. სააგენტო აკავშირებს მომხმარებელსა და პროვაიდერს, იძახებს სერვისს, პროვაიდერს უგზავნის მომხმარებლის მოთხოვნას ან განცხადებას და მომხმარებელს უბრუნებს პროვაიდერის პასუხს. სააგენტო პროვაიდერისგან მიღებულ ინფორმაციას აწვდის უცვლელად და რაც შეიძლება სწრაფად.

## 8. პროვაიდერების ვალდებულებები
სერვისის პროვაიდერები პასუხს იძლევიან კანონმდებლობით დადგენილ ვადებში. თითოეული პროვაიდერი პასუხისმგებელია პორტალის მეშვეობით გაგზავნილი ინფორმაციისა და დოკუმენტების სისრულესა და სისწორეზე. საჯარო დაწესებულებები საჯარო ინფორმაციის ან მომხმარებლის საკუთარი პერსონალური მონაცემების გამოთხოვაზე დასაბუთებულ პასუხს იძლევიან კანონით დადგენილ ვადაში.

## 9. თქვენი ვალდებულებები
პორტალით ისარგებლეთ მხოლოდ კანონიერი მიზნებით და მხოლოდ საკუთარი სახელით, ან იმ პირის ან კომპანიის სახელით, რომლის წარმომადგენლობის უფლებამოსილებაც გაქვთ. პორტალზე დატოვებული კომენტარები და სხვა ჩანაწერები უნდა შეესაბამებოდეს კანონსა და ეთიკის ნორმებს; სააგენტოს შეუძლია წაშალოს ის, რაც არ შეესაბამება.

## 10. პირობების ცვლილება
სააგენტოს შეუძლია ცალმხრივად შეცვალოს ეს პირობები. ყოველი ცვლილება პორტალზე ქვეყნდება ახალი ვერსიის სახით, ცვლილებების მოკლე აღწერით, და ამის შესახებ შეტყობინებას პორტალის მეშვეობით მიიღებთ. წინა ვერსიები ხელმისაწვდომი რჩება გამოყენების პირობების გვერდზე.

## 11. პორტალით სარგებლობაზე უარი
თუ არ ეთანხმებით ამ პირობებს ან მათ ცვლილებას, შეგიძლიათ უარი თქვათ პორტალით შემდგომ სარგებლობაზე. უარი არ ზღუდავს თქვენს უფლებას, იგივე მომსახურება უწყებებისგან პირდაპირ მიიღოთ.

## 12. კონტაქტი
კითხვები პორტალისა და ამ პირობების შესახებ: იხილეთ გვერდი „დახმარება და კონტაქტი“. ცხელი ხაზი მუშაობს სამუშაო დღეებში, 10:00-დან 18:00-მდე.
"""


def demo_terms() -> dict[str, str]:
    """The keyword arguments for terms_publish (all but published_by) of the demo's first version."""
    return {
        "text_ka": TEXT_KA,
        "text_en": TEXT_EN,
        "summary_ka": "პორტალის გამოყენების პირობების პირველი ვერსია.",
        "summary_en": "The first version of the portal's terms of use.",
    }
