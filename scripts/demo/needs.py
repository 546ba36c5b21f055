"""Community needs in the communities' own words.

tags (occupations it fits) | categories | technologies a clinic later brought (keys; may be
blank) | text | constraints | max cost in baht. make_demo.py gives each need to a village whose
occupation fits and draws a status and a date.
"""

NEEDS = """
rice|agriculture;community_business|ubu_rice_mill;tistr_rice_cracker|ราคาข้าวตกต่ำ ขายข้าวเปลือกได้ไม่ถึงเกวียนละหมื่น พ่อค้ากดราคาทุกปี อยากสีข้าวขายเองหรือทำอะไรให้ได้ราคาดีกว่านี้||
rice|agriculture|precision_fert_app;ku_soil_test_kit|ค่าปุ๋ยแพงขึ้นเกือบเท่าตัว ใส่เท่าเดิมแต่ข้าวไม่งามเท่าเดิม ไม่รู้ว่าดินขาดอะไร|ไม่อยากลงทุนเพิ่ม|5000
rice|agriculture|rice_thanyasirin;beauveria|ข้าวเหนียวเป็นโรคใบไหม้ทุกปีช่วงหมอกลง ต้องฉีดยาหลายรอบ เปลืองเงินมาก||
rice|agriculture;water|rice_homcholsit|นาอยู่ที่ลุ่ม น้ำท่วมขังทุกปีช่วงกันยา ข้าวจมน้ำตายต้องปลูกซ่อม เสียทั้งเงินทั้งแรง||
rice|agriculture|rmuti_rice_transplanter;rice_thresher_small|คนหนุ่มสาวไปทำงานในเมืองหมด เหลือแต่คนแก่ ไม่มีแรงงานดำนาและเกี่ยวข้าว ค่าจ้างรถก็แพง||
rice|agriculture;environment|rice_straw_mushroom_biotec;mju_organic_fert|หลังเกี่ยวข้าวชาวบ้านเผาฟางกันทั้งทุ่ง ควันเต็มหมู่บ้าน เด็กไอกันทั้งโรงเรียน อยากมีทางอื่นจัดการฟาง||
rice|agriculture|community_rice_seed|เมล็ดพันธุ์ข้าวที่ซื้อมาปนพันธุ์ ข้าวออกรวงไม่พร้อมกัน โรงสีหักราคา อยากผลิตพันธุ์ข้าวดีๆ ใช้เองในกลุ่ม||
rice|agriculture;water|solar_pump_nstda;rmuti_solar_pump|ทำนาปรังต้องสูบน้ำจากคลองด้วยเครื่องยนต์ ค่าน้ำมันดีเซลแพงมาก บางปีขาดทุน||30000
rice|agriculture|kku_salt_soil|นาเป็นดินเค็ม มีคราบขาวขึ้นหน้าดิน ข้าวแคระแกร็นเป็นหย่อมๆ ได้ข้าวไม่ถึง 20 ถังต่อไร่||
rice|agriculture|gistda_rice_check;nimt_scale_calibration|ขายข้าวแล้วถูกหักค่าความชื้นเยอะเกินจริง ชาวนาไม่มีเครื่องวัดเอง ไม่รู้จะเถียงยังไง||
rice|food;community_business|up_kam_rice;tistr_rice_cracker|มีข้าวก่ำและข้าวเหนียวดำเหลือในยุ้งเยอะ ขายสดไม่ค่อยออก อยากแปรรูปเป็นอะไรที่คนเมืองซื้อ||
rice|agriculture|ku_riceberry;traceability_qr|อยากเปลี่ยนไปปลูกข้าวสีขายคนรักสุขภาพ แต่ไม่รู้จะหาพันธุ์แท้ที่ไหน และกลัวขายไม่ได้||
rice|agriculture|rice_disease_app;beauveria|เพลี้ยกระโดดระบาดหนัก ฉีดยาไปแล้วก็ไม่หาย ไม่รู้ว่าใช้ยาถูกตัวหรือเปล่า||
rice|agriculture|tint_oligochitosan;biofertilizer_pgpr|ข้าวแตกกอน้อย ต้นไม่แข็งแรง อยากได้อะไรฉีดพ่นที่ไม่ใช่สารเคมีแล้วข้าวงามขึ้น||
rice fish|fisheries|mju_tilapia_cage;up_fish_feed|เลี้ยงปลานิลในบ่อข้างนา อาหารเม็ดขึ้นราคาจนแทบไม่เหลือกำไร||
rice|food|slri_rice_origin;traceability_qr|ข้าวหอมมะลิของเราถูกเอาข้าวที่อื่นมาปนแล้วขายในชื่อเดียวกัน ราคาตก ลูกค้าไม่เชื่อใจ||
fruit longan|food;energy|cmu_longan_dry;solar_dryer_dome_nstda|ลำไยล้นตลาด ราคาเหลือกิโลละไม่กี่บาท เตาอบลำไยของกลุ่มก็กินฟืนมาก ลำไยอบออกมาสีไม่สวย||
fruit longan|agriculture|mju_bee_longan;rmutl_fruit_grader|ขายลำไยแบบคละเกรด ล้งกดราคา อยากคัดเกรดเองแต่แรงงานไม่พอ||
mango fruit|food|nu_mango_pulp;tistr_fruit_leather|มะม่วงออกพร้อมกันทั้งอำเภอ ราคาเหลือกิโลละ 3 บาท เก็บมาก็ไม่คุ้มค่าแรง ต้องปล่อยให้ร่วงเน่าใต้ต้น||
mango fruit|agriculture|cmu_mango_offseason;tint_fruit_fly_sit|มะม่วงถูกแมลงวันทองเจาะ ผิวลาย ส่งออกไม่ผ่าน ต้องขายเป็นมะม่วงตกเกรด||
durian fruit|agriculture|wu_durian_rot;trichoderma_biotec|ต้นทุเรียนยืนต้นตาย โคนต้นเปลือกเน่ามีน้ำเยิ้ม ตายไปสิบกว่าต้นแล้วในสวน||
durian fruit|agriculture|psu_durian_maturity|ปีนี้มีปัญหาทุเรียนอ่อนถูกล้งตีกลับ คนตัดทุเรียนดูไม่แม่น เสียชื่อทั้งหมู่บ้าน||
durian fruit|food|buu_durian_paste|ทุเรียนลูกเล็กตกไซซ์ส่งออกไม่ได้ ขายในพื้นที่ได้ราคาต่ำมาก อยากแปรรูปเก็บไว้ขายนอกฤดู||
durian fruit|agriculture|ku_durian_flower_induction|ทุเรียนเนื้อแกนไส้ซึมเยอะ ไม่รู้ว่าปุ๋ยที่ใส่ผิดตรงไหน ขายได้แต่เกรดต่ำ||
fruit durian|agriculture|psu_stingless_bee|ผลไม้ติดลูกน้อยลงทุกปี แมลงช่วยผสมเกสรหายไป อยากเลี้ยงผึ้งหรือชันโรงไว้ในสวน||
fruit|food|nano_fruit_coating;nanotec_active_bag|ผลไม้ส่งไปขายกรุงเทพฯ เน่าเสียระหว่างทางเยอะ ถูกหักเงินทุกรอบ||
fruit|food|tistr_fruit_wine;tistr_fruit_leather|สับปะรดกับลูกหม่อนเหลือเยอะช่วงปลายฤดู ขายไม่หมด อยากทำเป็นเครื่องดื่มหรือของฝาก||
banana fruit|food|tistr_banana_snack;solar_dryer_dome_nstda|กล้วยล้นตลาดเน่าเสีย พ่อค้ามารับน้อยลง ตากกล้วยเองก็เจอฝนกับแมลงวันตอม||
banana fruit|agriculture|tistr_tissue_culture|หน่อกล้วยที่เอามาปลูกเป็นโรคตายพราย ต้นเหลืองเหี่ยวตายทั้งแปลง อยากได้ต้นพันธุ์ที่ไม่มีโรค||
veg|agriculture|bt_biotec;beauveria|หนอนกินผักคะน้ากวางตุ้งหมด ฉีดยาแรงแล้วคนซื้อก็กลัวสารพิษตกค้าง||
veg|agriculture;digital|smart_greenhouse;handysense|ปลูกผักกลางแจ้งเจอฝนตกหนักผักเสียหาย หน้าร้อนผักก็ไหม้ ผลผลิตไม่สม่ำเสมอ ส่งร้านอาหารไม่ได้ตามที่ตกลง||
veg|agriculture|cmu_organic_veg;traceability_qr|อยากส่งผักเข้าตลาดอินทรีย์ในเมือง แต่ไม่มีใบรับรอง ค่าตรวจรับรองแพงเกินกำลังกลุ่ม||
veg|food|kmutt_solar_coldroom;nanotec_active_bag|เก็บผักแล้วรอรถมารับสองสามวัน ผักเหี่ยวเน่าต้องทิ้งไปเกือบครึ่ง||
veg|agriculture;water|kmutt_smart_farm_pv;solar_pump_nstda|หน้าแล้งน้ำในบ่อไม่พอรดผักทุกวัน รดด้วยสายยางก็เปลืองน้ำ ผักเหี่ยว||20000
veg|health|dss_food_lab_kit|ตลาดนัดในตำบลมีคนบ่นว่าผักมียาฆ่าแมลง อยากมีวิธีตรวจให้ลูกค้ามั่นใจ||
veg|agriculture|kmitl_hydroponic|ดินแถวบ้านเค็มและแข็ง ปลูกผักไม่ค่อยขึ้น อยากลองปลูกผักแบบไม่ใช้ดิน||
veg flower|agriculture|tint_mutant_flower|ดอกเบญจมาศที่ปลูกเป็นสีเดิมๆ เหมือนที่อื่น ขายแข่งไม่ได้ อยากได้พันธุ์ใหม่ที่สีแปลกตา||
field|agriculture|cassava_stake;kku_cassava_disease|มันสำปะหลังเป็นโรคใบด่างทั้งแปลง หัวเล็กลง ผลผลิตหายไปครึ่ง ไม่รู้จะหาท่อนพันธุ์สะอาดที่ไหน||
field|agriculture|sut_cassava_harvester|ถึงหน้าขุดมันหาคนงานไม่ได้ ค่าแรงขึ้นทุกปี มันอยู่ในดินนานเกินไปก็เน่า||
field|agriculture;environment|rmutl_corn_sheller;tistr_biochar;rmuti_branch_shredder|ซังข้าวโพดกองเต็มไร่ ไม่รู้จะทำอะไรเลยเผาทิ้ง โดนจับปรับเรื่องหมอกควัน||
field|agriculture|msu_khaen_insect|หนอนกระทู้ลงข้าวโพดเจาะยอดเสียหายหนัก ยาฆ่าแมลงแพงมากแต่ก็ไม่ค่อยได้ผล||
field|agriculture|tistr_biofert;precision_fert_app|ปลูกถั่วลิสงกับถั่วเหลืองหลังนาได้ฝักน้อย อยากลดปุ๋ยเคมีแต่กลัวผลผลิตตก||
field|food|tistr_cassava_chips|หัวมันสำปะหลังราคาตก โรงแป้งรับซื้อกิโลละบาทกว่าๆ อยากทำอย่างอื่นจากมันที่ขายได้ราคามากกว่านี้||
coffee|food|cmu_coffee_process;nimt_moisture_meter|ปลูกกาแฟแต่ขายเป็นผลเชอร์รีสดให้พ่อค้า ได้กิโลละไม่กี่สิบบาท อยากแปรรูปเองให้ได้ราคา||
coffee tea|food|mfu_tea_process;mfu_cosmetic_tea|ใบชาสดขายได้ราคาต่ำมาก โรงงานรับซื้อก็กดราคา อยากทำชาแห้งคุณภาพดีเป็นของหมู่บ้านเอง||
coffee forest|energy|rmutl_micro_hydro;solar_pump_nstda|หมู่บ้านอยู่บนดอย ไฟฟ้าเข้าไม่ถึง ใช้ตะเกียงกับเครื่องปั่นไฟ ค่าน้ำมันแพงมาก||
coffee|environment|gistda_fire_hotspot;pm25_sensor|ทุกปีไฟป่าลามเข้าสวนกาแฟ ควันเต็มหมู่บ้านเดือนมีนาถึงเมษา ไม่รู้ว่าไฟมาจากทางไหน||
coffee field|water;environment|haii_check_dam|ลำห้วยแห้งเร็วหลังหมดฝน น้ำป่าไหลหลากแรงช่วงฝนตกหนัก ดินพังลงห้วย||
fish|fisheries|tilapia_vaccine;water_quality_iot|ปลานิลในกระชังตายยกกระชังช่วงหน้าร้อน ปลาลอยหัวตอนเช้ามืด ขาดทุนไปหลายแสน||
fish|fisheries|msu_fish_hatchery|ลูกปลาที่ซื้อมาจากที่ไกลตายระหว่างทางเยอะ ราคาก็แพงขึ้นทุกปี อยากเพาะลูกปลาเองในหมู่บ้าน||
fish food|food|msu_plara_std;pla_ra_starter|ทำปลาร้าขายกันหลายบ้าน แต่ขายได้แค่ในตำบล อยากส่งเข้าห้างแต่ไม่มี อย. และกลิ่นแรงไป||
fish food|food|up_pla_som;rmuti_fish_smoker|หน้าน้ำลดจับปลาได้มาก ขายสดไม่ทัน ปลาเน่าต้องทิ้ง อยากแปรรูปเก็บไว้ได้นานๆ||
fish|fisheries|up_fish_feed;ku_pangasius_feed|อาหารปลาราคาขึ้นกระสอบละเป็นร้อย เลี้ยงปลาดุกแทบไม่มีกำไร||
shrimp coast|fisheries|shrimp_lamp_kit;ku_shrimp_biofloc|กุ้งขาวในบ่อตายเป็นขี้ขาวกับตัวแดงดวงขาว ไม่รู้ว่าลูกกุ้งที่ซื้อมามีเชื้อหรือเปล่า||
shrimp coast fish|fisheries|water_quality_iot|ตอนกลางคืนออกซิเจนในบ่อกุ้งต่ำ คนเฝ้าบ่อหลับ กุ้งน็อกน้ำตายทั้งบ่อ||
coast|fisheries;environment|tsu_crab_bank;buu_mangrove_crab|ปูม้าในทะเลหน้าบ้านน้อยลงทุกปี ชาวประมงออกเรือแต่ละวันได้ไม่คุ้มค่าน้ำมัน||
coast|food|rmutsv_fish_dryer;solar_dryer_dome_nstda|ตากปลาหมึกกับปลาเค็มกลางแจ้ง หน้ามรสุมฝนตกตากไม่ได้ ปลาขึ้นราเสียหาย แมลงวันตอมลูกค้าไม่กล้าซื้อ||
coast|food|buu_mussel_processing|หอยแมลงภู่ราคาตกช่วงหอยออกพร้อมกัน ขายสดไม่ทันเน่าเสีย||
coast|fisheries|rmutsv_oyster;psu_seabass_cage|ช่วงปิดอ่าวห้ามจับปลาสามเดือนไม่มีรายได้ อยากเลี้ยงหอยหรือปลาในกระชังเสริม แต่ไม่มีความรู้เรื่องการเลี้ยง||
coast food|food|tistr_fish_sauce;psu_halal_food|ปลากะตักกับปลาเล็กปลาน้อยราคาถูกมาก ชาวประมงอยากเอามาทำน้ำปลาหรือของแปรรูปขายเอง||
coast salt|water;health|tu_lowcost_ro;dss_drinking_water|น้ำบาดาลในหมู่บ้านกร่อยเค็ม ต้องซื้อน้ำดื่มถังละ 15 บาททุกวัน ครอบครัวใหญ่เดือนหนึ่งหมดเป็นพัน||
salt coast|food|dss_salt_iodine|ทำนาเกลือขายได้แค่เกลือเม็ด ราคาตกทุกปีที่เกลือออกเยอะ อยากทำเกลือแปรรูปขาย||
rubber|materials;community_business|rubber_pillow;psu_rubber_product|ราคายางตกต่ำ กรีดยางแทบไม่พอค่าปุ๋ย อยากแปรรูปน้ำยางเป็นสินค้าที่ขายได้ราคากว่าขายน้ำยางสด||
rubber|materials|psu_rubber_sheet|ยางแผ่นตากไม่แห้งในหน้าฝน ขึ้นราดำ โดนตัดราคาเป็นยางชั้นต่ำ||
rubber|materials|rmutsv_rubber_wood|โรงเลื่อยในตำบลมีเศษไม้ยางเหลือทิ้งกองใหญ่ เผาทิ้งทุกเดือน น่าจะเอามาทำอะไรได้||
rubber cattle|livestock;materials|rubber_cow_mat|เลี้ยงวัวนมในคอกพื้นปูน วัวเจ็บกีบ เต้านมเป็นแผล น้ำนมลด||
palm|energy;environment|psu_palm_waste|ลานเทปาล์มมีน้ำเสียกลิ่นเหม็นไหลลงคลอง ชาวบ้านร้องเรียน||
cattle|livestock|kku_beef_feedlot;ku_cattle_grass|หน้าแล้งหญ้าหมด วัวผอม ต้องซื้อฟางก้อนราคาแพง วัวขายได้ราคาไม่ดี||
cattle|livestock|sut_dairy_feed|วัวนมให้น้ำนมน้อย อาหารข้นขึ้นราคา สหกรณ์ตรวจน้ำนมแล้วคุณภาพต่ำถูกหักเงิน||
cattle pig|energy;environment|cmu_biogas_pig;kmutt_biogas_household|ขี้หมูขี้วัวกลิ่นเหม็นไปถึงบ้านคนอื่น เพื่อนบ้านร้องเรียน อยากเอามาทำเป็นแก๊สหุงต้ม||
goat cattle|livestock|goat_ai;mju_goat_milk|เลี้ยงแพะแต่แพะโตช้า ลูกแพะตายเยอะ ขายได้ตัวละไม่กี่พัน||
poultry|livestock|sut_korat_chicken;korat_chicken_nstda|ไก่บ้านที่เลี้ยงโตช้า กว่าจะขายได้ใช้เวลาสี่ห้าเดือน อยากได้ไก่พันธุ์ที่โตเร็วแต่เนื้อยังอร่อย||
poultry|livestock|tistr_probiotic_feed;nano_zinc_feed|เลี้ยงไก่ไข่แล้วกลิ่นขี้ไก่แรง แมลงวันเยอะ ไก่ป่วยบ่อยต้องซื้อยา||
poultry|livestock|kku_cricket_farm|อยากหาอาชีพเสริมที่ใช้พื้นที่น้อยลงทุนไม่มาก เห็นหมู่บ้านอื่นเลี้ยงจิ้งหรีดได้เงินดี||
poultry rice|livestock|mju_freerange_egg|ไข่ไก่ขายได้ราคาต่ำมาก ฟองละไม่ถึงสามบาท อาหารไก่ก็แพง||
weave|materials;community_business|tistr_natural_dye;dss_textile_test|ผ้าที่ย้อมสีธรรมชาติสีตก ลูกค้าซักครั้งเดียวสีซีด ถูกต่อว่ามา||
weave|community_business|rmutt_textile_design;village_ecommerce|ผ้าทอของกลุ่มค้างสต็อกเยอะ ลวดลายเดิมๆ คนรุ่นใหม่ไม่ซื้อ ขายได้แต่ในงานประจำปี||
weave|materials|kku_silk_yarn;tistr_mulberry_silk|เส้นไหมสาวเองเส้นไม่เรียบ ขาดบ่อย ต้องซื้อไหมจากโรงงานมาทอแทน||
weave|materials|nano_textile|ลูกค้าบอกผ้าฝ้ายของเราเปื้อนง่าย ซักยาก อยากให้ผ้ามีจุดขายที่แตกต่าง||
weave|materials|dss_bamboo_treatment|ของจักสานไม้ไผ่ขึ้นราและมอดกินหลังขายไปไม่กี่เดือน ลูกค้าส่งคืน||
weave pottery|materials|dss_lead_free_glaze;ceramic_water_filter|ชามดินเผาของหมู่บ้านส่งออกไม่ได้เพราะน้ำเคลือบมีตะกั่ว||
herb|health;community_business|tistr_herbal_balm;msu_herbal_soap|ปลูกไพลกับขมิ้นได้เยอะ แต่ขายสดได้กิโลละไม่กี่บาท อยากทำเป็นผลิตภัณฑ์สมุนไพรของหมู่บ้าน||
herb|health|ubu_herbal_processing;solar_dryer_dome_nstda|โรงพยาบาลอยากรับซื้อฟ้าทะลายโจรแห้งจากกลุ่ม แต่ของเราความชื้นสูง สารสำคัญไม่ผ่านเกณฑ์||
herb|health|nu_herbal_compress|ลูกประคบที่กลุ่มทำขึ้นราก่อนขายหมด ต้องทิ้งไปหลายลูก||
herb|health;food|tistr_herbal_tea;rmutt_herbal_drink|อยากทำชาหรือเครื่องดื่มสมุนไพรขาย แต่ทำแล้วรสขม เก็บได้ไม่นาน||
herb fruit|health|tistr_cosmeceutical_mango;nano_herbal_cosmetic|แม่บ้านอยากทำเครื่องสำอางจากสมุนไพรและเปลือกผลไม้ที่มีในหมู่บ้าน แต่ไม่รู้สูตรและไม่รู้วิธีขอ อย.||
mushroom|agriculture|tistr_mushroom_spawn|ก้อนเชื้อเห็ดที่ซื้อมาขึ้นราเขียวเสียไปเกือบครึ่งโรง เห็ดออกน้อย||
mushroom|agriculture;digital|smart_mushroom;handysense|หน้าร้อนเห็ดไม่ออกดอก ต้องรดน้ำโรงเห็ดวันละหลายรอบ ไม่มีเวลาทำอย่างอื่น||
mushroom herb|agriculture|cordyceps|กลุ่มเพาะเห็ดอยากทำเห็ดที่ราคาสูงกว่าเห็ดนางฟ้า ได้ยินว่าถั่งเช่าขายดี||
coconut|food|tistr_coconut_oil;kmitl_coconut_sugar|มะพร้าวแก่ราคาตก ลูกละไม่กี่บาท ไม่คุ้มค่าจ้างปีนเก็บ||
coconut|agriculture|metarhizium|ด้วงแรดกับด้วงงวงเจาะยอดมะพร้าว ต้นตายไปหลายต้น||
coconut food|food|kmitl_coconut_sugar|น้ำตาลมะพร้าวของเราต้องใส่ยากันบูด ลูกค้าที่ใส่ใจสุขภาพไม่ซื้อ||
food|community_business|dss_otop_standard;dss_packaging_test|ขนมของกลุ่มแม่บ้านอยากวางขายในร้านสะดวกซื้อ แต่ไม่มีมาตรฐาน มผช. และ อย.||
food|food|dss_packaging_test;nanotec_active_bag|ขนมทอดของกลุ่มเหม็นหืนก่อนวันหมดอายุ ร้านค้าส่งคืนกลับมา||
food|community_business;digital|village_ecommerce;nectec_group_accounting|อยากขายของออนไลน์ แต่ไม่มีใครในกลุ่มทำเป็น ถ่ายรูปสินค้าก็ไม่สวย||
food|energy|rmutl_biomass_stove|กลุ่มแปรรูปใช้แก๊สหุงต้มเดือนละหลายถัง ต้นทุนสูงจนกำไรหาย||
food herb|food|oap_radiation_food;tint_irradiation|มีลูกค้าต่างประเทศสนใจสินค้า แต่ต้องมีใบรับรองความปลอดภัยตามที่ประเทศเขากำหนด||
veg food|food|rmutt_chili_paste|พริกราคาตกช่วงออกพร้อมกัน ขายสดได้กิโลละสิบกว่าบาท อยากทำน้ำพริกเก็บไว้ขาย||
any|water|haii_community_water;haii_farm_pond|น้ำไม่พอใช้ในหน้าแล้ง สระหมู่บ้านแห้งตั้งแต่กุมภา ต้องรอรถน้ำจาก อบต.||
any|water|cu_slow_sand;dss_drinking_water|น้ำประปาหมู่บ้านขุ่นเป็นสีชา มีตะกอน ชาวบ้านไม่กล้าใช้ดื่มหรือหุงข้าว||
any|water;health|arsenic_filter|น้ำบาดาลมีกลิ่นสนิมเหล็ก ซักผ้าขาวแล้วเป็นคราบเหลือง เคยมีคนมาตรวจบอกว่ามีสารหนูเกินมาตรฐาน||
any|water|haii_telemetry;haii_check_dam|หมู่บ้านติดลำห้วย น้ำป่าหลากมาตอนกลางคืนโดยไม่มีใครรู้ล่วงหน้า ปีที่แล้ววัวถูกน้ำพัดไปหลายตัว||
any|water;energy|nu_solar_pump_float|ค่าไฟประปาหมู่บ้านเดือนละหลายพัน กองทุนประปาจะเก็บค่าน้ำเพิ่มชาวบ้านก็บ่น||
any|environment;water|cu_wetland_treatment|คลองกลางหมู่บ้านน้ำเน่าเหม็น น้ำทิ้งจากบ้านเรือนและตลาดไหลลงคลองตรงๆ||
any|health|mahidol_dengue|ไข้เลือดออกระบาดในหมู่บ้านทุกปีช่วงหน้าฝน ปีนี้เด็กป่วยไปห้าคน||
any|health|mahidol_elderly_exercise|ผู้สูงอายุในหมู่บ้านหกล้มบ่อย บางคนกระดูกสะโพกหัก ลูกหลานไปทำงานต่างถิ่นไม่มีคนดูแล||
any|health|prosthetic_leg|มีผู้พิการขาขาดจากอุบัติเหตุหลายคน อยากได้ขาเทียมเพื่อกลับไปทำสวนได้||
any|environment;health|pm25_sensor|ช่วงหมอกควันไม่รู้ว่าค่าฝุ่นในหมู่บ้านเท่าไร โรงเรียนไม่รู้ว่าควรให้เด็กเล่นกลางแจ้งได้หรือไม่||
any|energy|kmutt_biogas_household;rmutl_biomass_stove|แก๊สหุงต้มถังละสี่ร้อยกว่าบาท ใช้เดือนละถัง ครอบครัวรายได้น้อยแบกไม่ไหว||
any|environment|cmu_vermicompost;mju_organic_fert|ขยะเศษอาหารในหมู่บ้านส่งกลิ่นเหม็น ถังขยะล้น รถเก็บขยะมาอาทิตย์ละครั้ง||
any|community_business|nectec_group_accounting|กลุ่มวิสาหกิจทำบัญชีไม่เป็น สมาชิกสงสัยเรื่องเงินปันผล เกือบจะแตกกลุ่ม||
rice field|water|gistda_drought_map;haii_farm_pond|ฝนทิ้งช่วงบ่อย ไม่รู้ว่าจะเริ่มหว่านข้าวเมื่อไรดี หว่านไปแล้วฝนไม่มาข้าวตายหมด||
rice field veg|water;agriculture|haii_farm_pond;solar_pump_nstda|อยู่นอกเขตชลประทาน หลังเกี่ยวข้าวปลูกอะไรไม่ได้เพราะไม่มีน้ำ ต้องไปรับจ้างในเมือง||
rice veg field|agriculture|ku_corn_hybrid|อยากปลูกพืชหลังนาที่ใช้น้ำน้อยและขายได้ในตลาดใกล้บ้าน||
rice field|agriculture|kmitl_drone_spray|พ่นยาพ่นปุ๋ยในนาใช้คนเยอะ คนพ่นก็เวียนหัวเพราะสารเคมี||
any|environment|tistr_biochar;tistr_wood_vinegar|ดินในแปลงเป็นดินทราย อุ้มน้ำไม่อยู่ ใส่ปุ๋ยไปก็ไหลหายหมด||
veg field|agriculture|tistr_wood_vinegar;bt_biotec|อยากทำเกษตรปลอดสาร ต้องการสารไล่แมลงที่ทำเองได้ราคาถูก||
fish rice|fisheries|ku_pangasius_feed;rmuti_fish_smoker|ปลาสลิดขายสดราคาตก อยากทำปลาสลิดแดดเดียวที่สะอาดไม่มีแมลงวัน||
weave|community_business|ubu_khit_pillow;wu_batik|อยากพัฒนาสินค้าทอมือให้เป็นของฝากของแต่งบ้านที่ขายนักท่องเที่ยวได้||
weave|community_business|tsu_krajood|เส้นกระจูดย้อมแล้วสีไม่สวย กระเป๋าที่สานมีแต่แบบเดิม ขายได้ราคาถูก||
durian fruit|water|kmutt_smart_farm_pv;haii_farm_pond|หน้าแล้งน้ำไม่พอรดทุเรียน ต้นใบเหลืองร่วง ลูกร่วงหมด||50000
rubber|agriculture|psu_stingless_bee|สวนยางรายได้ไม่พอ อยากหาอาชีพเสริมในสวนที่ไม่ต้องลงทุนมาก||
field cattle|livestock|ku_cattle_grass;kku_beef_feedlot|อยากเปลี่ยนแปลงไร่อ้อยบางส่วนมาปลูกหญ้าเลี้ยงวัว แต่ไม่รู้ว่าหญ้าอะไรดี||
longan fruit|agriculture;water|kmutt_smart_farm_pv|สวนลำไยใช้น้ำมาก ปีไหนแล้งลำไยลูกเล็ก ไม่ได้เกรด||
forest veg|food|mju_bamboo_shoot|หน่อไม้ออกพร้อมกันเยอะในหน้าฝน ขายไม่ทัน ทำหน่อไม้ดองก็กลัวไม่ปลอดภัย||
coast|food|psu_halal_food;buu_mussel_processing|อยากทำข้าวเกรียบปลาขายไปมาเลเซีย แต่ไม่มีเครื่องหมายฮาลาล||
tea coffee|health|mfu_cosmetic_tea|เมล็ดชาน้ำมันเก็บได้เยอะแต่ไม่มีคนรับซื้อ อยากทำเป็นผลิตภัณฑ์||
coffee fruit|agriculture|mfu_macadamia|ทำไร่ข้าวโพดบนดอยถูกห้ามเผา ดินก็พัง อยากเปลี่ยนไปปลูกไม้ยืนต้นที่ขายได้ราคา||
any|agriculture|tint_oligochitosan;biofertilizer_pgpr|ต้นพืชไม่แข็งแรง เป็นโรคง่าย อยากได้ของดีราคาถูกฉีดพ่นช่วยให้พืชทนโรค||
"""
